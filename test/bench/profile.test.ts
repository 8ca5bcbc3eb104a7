import { placeOf, summarise } from '../../bench/profile/analyze';

describe('the profile summary', () => {
  it('places a frame in its package, our bundle, Node or V8', () => {
    expect(placeOf('file:///x/node_modules/@cloudbase/node-sdk/lib/a.js', 'f')).toBe('@cloudbase/node-sdk');
    expect(placeOf('/x/node_modules/wx-server-sdk/node_modules/bson/lib/b.js', 'f')).toBe('bson');
    expect(placeOf('/x/cloudfunctions/sendReminders/index.js', 'f')).toBe('bundle');
    expect(placeOf('node:internal/http', 'f')).toBe('node');
    expect(placeOf('', '(garbage collector)')).toBe('(garbage collector)');
  });

  it('splits samples by place and by the deepest step of ours on the stack, leaving idle out and loading apart', () => {
    const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({ id, callFrame: { functionName, url }, children });
    const bundle = '/x/cloudfunctions/sendReminders/index.js';
    const profile = {
      nodes: [
        frame(1, '(root)', '', [2, 5, 6, 7]),
        frame(2, 'runWorker', bundle, [3]),
        frame(3, 'claimCredit', bundle, [4]),
        frame(4, 'sign', '/x/node_modules/@cloudbase/signature-nodejs/s.js'),
        frame(5, '(idle)', ''),
        frame(6, 'Module._load', 'node:internal/modules/cjs/loader', [8]),
        frame(7, 'onSocket', 'node:_http_client'),
        frame(8, 'compile', '/x/node_modules/axios/a.js'),
      ],
      samples: [4, 4, 5, 8, 7],
      timeDeltas: [1000, 1000, 5000, 2000, 3000],
    };
    const s = summarise([profile]);
    expect(s.totalMs).toBe(7);
    expect(Object.fromEntries(s.byPlace)).toEqual({ '@cloudbase/signature-nodejs': 2, axios: 2, node: 3 });
    expect(s.loadingMs).toBe(2);
    expect(Object.fromEntries(s.byOurStep)).toEqual({ claimCredit: 2, '(no frame of ours: callbacks of the SDK, HTTP, timers)': 3 });
  });
});
