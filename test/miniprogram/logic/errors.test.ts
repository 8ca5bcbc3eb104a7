import { asServiceError, fromCallFailure, readAnswer, ServiceError } from '../../../miniprogram/logic/errors';

describe('a failed wx.cloud.callFunction', () => {
  it.each([
    ['no network', { errCode: -1, errMsg: 'cloud.callFunction:fail request:fail' }, 'network', '网络连接失败'],
    ['a timeout', { errMsg: 'cloud.callFunction:fail timeout' }, 'network', '网络连接失败'],
    ['a crashed function', { errCode: -504002, errMsg: 'cloud.callFunction:fail Error: errCode: -504002 functions execute fail' }, 'server', '服务暂时出了点问题'],
    ['a missing function', { errCode: -501000, errMsg: 'cloud.callFunction:fail [ResourceNotFound.FunctionName] Function not found' }, 'server', '服务暂不可用'],
    ['a thrown Error', new Error('socket hang up'), 'network', '网络连接失败'],
  ])('%s is a %s failure titled %s', (_name, failure, kind, title) => {
    const error = fromCallFailure('checkIn', failure);
    expect([error.kind, error.title]).toEqual([kind, title]);
  });

  it('tells the user of a missing function what to do, not how the cloud is set up', () => {
    const error = fromCallFailure('checkIn', { errCode: -501000, errMsg: 'cloud.callFunction:fail [ResourceNotFound.FunctionName] Function not found' });
    expect(error.hint).toBe('小程序暂时无法使用，请稍后再来');
    expect(error.message).toMatch(/ResourceNotFound/); // the log keeps the cause
  });
});

describe("a function's answer", () => {
  it('passes an ok answer through', () => {
    expect(readAnswer('checkIn', { ok: true, streak: 3 })).toEqual({ ok: true, streak: 3 });
  });

  it.each([
    ['UNAVAILABLE', 'server', '服务暂时出了点问题'],
    ['INTERNAL', 'server', '服务暂时出了点问题'],
    ['INVALID_ARGUMENT', 'rejected', '页面内容已过期'],
    ['PERMISSION_DENIED', 'rejected', '没有权限完成这个操作'],
    ['UNAUTHENTICATED', 'rejected', '无法确认你的身份'],
    ['RESOURCE_EXHAUSTED', 'rejected', '操作太频繁'],
  ])('{ ok: false, code: %s } is a %s failure titled %s', (code, kind, title) => {
    const error = captured(() => readAnswer('saveFormId', { ok: false, code, message: 'why' }));
    expect([error.kind, error.code, error.title]).toEqual([kind, code, title]);
    expect(error.message).toBe(`saveFormId: ${code} why`);
  });

  it.each([[undefined], ['text'], [{ ok: false, code: 'WHATEVER' }], [{ streak: 1 }]])('an unreadable answer %p is a server failure', (result) => {
    expect(captured(() => readAnswer('checkIn', result)).code).toBe('BAD_ANSWER');
  });
});

it('any other thrown value becomes a server failure with its message', () => {
  const error = asServiceError(new TypeError('x is undefined'));
  expect([error.kind, error.message]).toEqual(['server', 'x is undefined']);
});

function captured(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected a ServiceError');
}
