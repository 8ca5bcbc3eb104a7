import { callerFromWXContext, isTimerCall } from '../../src/wechat/context';
import { isCollectionMissing, isDuplicateKey, isTransient, toCloudError } from '../../src/wechat/errors';

describe('callerFromWXContext', () => {
  it('reads the identity the runtime gives', () => {
    expect(callerFromWXContext({ OPENID: 'o-abc', APPID: 'wx123', SOURCE: 'wx_client', ENV: 'e' })).toEqual({
      openid: 'o-abc', appid: 'wx123', unionid: null, source: 'wx_client',
    });
  });

  it('turns numeric-looking ids the SDK converted back into strings', () => {
    expect(callerFromWXContext({ OPENID: 12345 }).openid).toBe('12345');
  });

  it('treats empty or odd values as absent', () => {
    expect(callerFromWXContext({ OPENID: '', APPID: {}, SOURCE: null })).toEqual({ openid: null, appid: null, unionid: null, source: null });
  });
});

describe('isTimerCall', () => {
  const base = { openid: null, appid: null, unionid: null, source: null };
  it.each([
    [{ ...base, source: 'wx_trigger' }, true],
    [{ ...base, source: 'wx_trigger,scf' }, true],
    [{ ...base, source: 'wx_trigger,scf,scf' }, true],
    [base, false],
    [{ ...base, source: '' }, false],
    [{ ...base, openid: 'o1', source: 'wx_trigger' }, false],
    [{ ...base, unionid: 'u1', source: 'wx_trigger' }, false],
    [{ ...base, source: 'wx_client' }, false],
    [{ ...base, source: 'wx_crawler' }, false],
    [{ ...base, source: 'wx_paycallback,scf' }, false],
    [{ ...base, source: 'scf' }, false],
    [{ ...base, source: 'scf,wx_trigger' }, false],
    [{ ...base, source: 'wx_trigger,wx_http' }, false],
    [{ ...base, source: 'wx_trigger,' }, false],
  ])('%p → %p', (caller, accepted) => {
    expect(isTimerCall(caller)).toBe(accepted);
  });
});

describe('SDK error classification', () => {
  it('recognises a missing collection by code or text', () => {
    expect(isCollectionMissing({ errCode: -502005, errMsg: 'x' })).toBe(true);
    expect(isCollectionMissing(new Error('[DATABASE_COLLECTION_NOT_EXIST] db or table not exist'))).toBe(true);
    expect(isCollectionMissing({ errCode: -1, errMsg: 'nope' })).toBe(false);
  });

  it('recognises a duplicate key by the E11000 message, whatever the code', () => {
    expect(isDuplicateKey({ errCode: -502001, errMsg: 'E11000 duplicate key error collection' })).toBe(true);
    expect(isDuplicateKey({ errCode: -1, errMsg: 'E11000 duplicate key' })).toBe(true);
    expect(isDuplicateKey({ errCode: -502001, errMsg: 'other' })).toBe(false);
  });

  it('calls transient only an SDK failure with a transient code, never a bug or a refusal', () => {
    expect(isTransient({ errCode: -501001, errMsg: 'collection.get:fail -501001 resource system error. socket hang up' })).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { errCode: -1 }))).toBe(true);
    expect(isTransient({ errCode: -502001, errMsg: 'E11000 duplicate key' })).toBe(false);
    expect(isTransient({ errCode: -502005, errMsg: 'collection not exists' })).toBe(false);
    expect(isTransient(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isTransient('socket hang up')).toBe(false);
  });

  it('keeps WeChat errcodes and maps code-less failures to the network code', () => {
    expect(toCloudError({ errCode: 43101, errMsg: 'user refuse to accept the msg' })).toEqual({ errCode: 43101, errMsg: 'user refuse to accept the msg' });
    expect(toCloudError({ errcode: '45103', errmsg: 'api unsupported' }).errCode).toBe(45103);
    expect(toCloudError(new Error('socket hang up'))).toEqual({ errCode: -501001, errMsg: 'socket hang up' });
  });
});
