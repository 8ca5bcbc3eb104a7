import { loadConfig } from '../../src/config';
import { fieldType, subscribeValueProblem } from '../../src/domain/message/fieldRules';
import { checkMessage, renderMessage } from '../../src/domain/message/reminderMessage';

describe('subscribe field value rules (PLATFORM §2)', () => {
  it.each<[string, string]>([
    ['thing1', '二十个字符二十个字符二十个字符二十个字符'],
    ['thing2', 'a~!@#中文123'],
    ['number1', '12345678901234567890123456789012'],
    ['number1', '3.14'],
    ['letter1', 'AbC'],
    ['symbol1', '%~!#$'],
    ['character_string1', 'ABC-123_x'],
    ['time1', '15:01'],
    ['time1', '2019年10月1日 15:01'],
    ['time1', '15:01~16:30'],
    ['date1', '2019年10月1日'],
    ['date1', '2019年10月1日 15:01'],
    ['date1', '2019-10-01'],
    ['date1', '2019年10月1日 ~ 2019年10月7日'],
    ['amount1', '¥100.50'],
    ['amount1', '100元'],
    ['phone_number1', '+86-0766-66888866'],
    ['car_number1', '粤A8Z888挂'],
    ['name1', '张三'],
    ['name1', 'John Smith'],
    ['phrase1', '配送中'],
    ['enum1', '任意'],
  ])('%s accepts %p', (key, value) => {
    expect(subscribeValueProblem(key, value)).toBeNull();
  });

  it.each<[string, string, RegExp]>([
    ['thing1', '字'.repeat(21), /thing field takes at most 20 characters/],
    ['thing1', '', /must not be empty/],
    ['thing1', '   ', /must not be empty/],
    ['number1', '1'.repeat(33), /number/],
    ['number1', '12天', /number/],
    ['letter1', 'abc1', /letter/],
    ['letter1', 'a'.repeat(33), /letter/],
    ['symbol1', '%%%%%%', /symbol/],
    ['symbol1', 'a', /symbol/],
    ['character_string1', 'x'.repeat(33), /character_string/],
    ['character_string1', '中文', /character_string/],
    ['time1', '25:00', /time/],
    ['time1', '2019年10月1日', /time/],
    ['date1', '明天', /date/],
    ['date1', '2019.10.1', /date/],
    ['amount1', '¥12345678901', /amount/],
    ['phone_number1', '1'.repeat(18), /phone_number/],
    ['phone_number1', '电话', /phone_number/],
    ['car_number1', '粤A8Z888挂12', /car_number/],
    ['name1', '欧阳一二三四五六七八九', /name/],
    ['name1', 'A'.repeat(21), /name/],
    ['phrase1', '配送中请稍候', /phrase/],
    ['phrase1', 'abc', /phrase/],
    ['weird1', 'x', /not a known field type/],
  ])('%s refuses %p', (key, value, problem) => {
    expect(subscribeValueProblem(key, value)).toMatch(problem);
  });

  it('counts characters, not UTF-16 units: 20 emoji are 20 characters', () => {
    expect(subscribeValueProblem('thing1', '😀'.repeat(20))).toBeNull();
    expect(subscribeValueProblem('thing1', '😀'.repeat(21))).toMatch(/20/);
  });

  it.each([['thing1', 'thing'], ['character_string12', 'character_string'], ['phone_number3', 'phone_number']])('the type of %s is %s', (key, type) => {
    expect(fieldType(key)).toBe(type);
  });
});

describe('the default reminder configuration (app.config.json)', () => {
  const config = loadConfig(['subscribeTemplates', 'formTemplate'], { REMINDER_SUBSCRIBE_TEMPLATE_ID: 'TPL', REMINDER_FORM_TEMPLATE_ID: 'FORM' });
  const subscribeData = config.subscribeTemplates[0]!.data;
  const formData = config.formTemplate!.data;

  it.each([['subscribe', subscribeData], ['form', formData]] as const)('passes every %s rule, even with a 4-digit streak', (kind, data) => {
    expect(checkMessage(data, kind)).toEqual([]);
  });

  it('says the streak (连续答题N天), today\'s date and asks the user to check in — subscribe template', () => {
    const data = renderMessage(subscribeData, 'subscribe', { streak: 12, date: '2026-03-09' });
    const text = Object.values(data).map((f) => f.value).join('|');
    expect(text).toContain('连续答题12天');
    expect(text).toContain('签到');
    expect(Object.values(data).filter((f) => f.value === '2026年3月9日')).toHaveLength(1);
    for (const [key, { value }] of Object.entries(data)) expect([key, subscribeValueProblem(key, value)]).toEqual([key, null]);
  });

  it('writes the form template\'s keyword4 as YYYY.M.D, as in the original article', () => {
    const data = renderMessage(formData, 'form', { streak: 3, date: '2026-03-09' });
    expect(data.keyword4).toEqual({ value: '2026.3.9' });
    expect(data.keyword2!.value).toContain('连续答题3天');
  });
});

describe('checkMessage refuses a configuration before any credit is spent', () => {
  const check = (data: Record<string, string>) => checkMessage(data, 'subscribe');

  it('catches a thing that only overflows once the streak is long', () => {
    // 18 characters with a 1-digit streak; a 4-digit streak makes 21.
    const data = { thing1: '您已连续答题{streak}天，今天别忘了来签到哦', date2: '{date}' };
    expect(renderMessage(data, 'subscribe', { streak: 1, date: '2026-03-09' }).thing1!.value).toHaveLength(18);
    expect(renderMessage(data, 'subscribe', { streak: 999, date: '2026-03-09' }).thing1!.value).toHaveLength(20);
    expect(check(data)).toEqual([{ key: 'thing1', message: expect.stringMatching(/9999.*at most 20 characters/) }]);
  });

  it('requires the streak and the date somewhere in the message', () => {
    expect(check({ thing1: '快来签到' })).toEqual([
      { key: '*', message: expect.stringContaining('{streak}') },
      { key: '*', message: expect.stringContaining('{date}') },
    ]);
  });

  it('names an unknown placeholder', () => {
    expect(check({ thing1: '连续{days}天{streak}', date2: '{date}' })).toEqual([{ key: 'thing1', message: expect.stringContaining('{days}') }]);
  });

  it('names a date placeholder in a time field', () => {
    expect(check({ thing1: '{streak}天', time2: '{date}' })).toEqual([{ key: 'time2', message: expect.stringMatching(/time field/) }]);
  });

  it('names a streak placed in a phrase field', () => {
    expect(check({ phrase1: '{streak}', date2: '{date}' })).toEqual([{ key: 'phrase1', message: expect.stringMatching(/phrase field/) }]);
  });

  it('accepts the streak in a number field', () => {
    expect(check({ number1: '{streak}', date2: '{date}', thing3: '该签到啦' })).toEqual([]);
  });

  it('refuses an empty form keyword', () => {
    expect(checkMessage({ keyword1: '{streak}{date}', keyword2: ' ' }, 'form')).toEqual([{ key: 'keyword2', message: expect.stringMatching(/must not be empty/) }]);
  });
});
