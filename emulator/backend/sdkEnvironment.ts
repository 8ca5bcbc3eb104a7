// How a process points the real wx-server-sdk (4.0.2) at a backend: every database and open-API
// call is a POST to the URL in TCB_CONTEXT_CNFG. The secrets are dummies, but without them the
// SDK's first request fails with an unhandled rejection; TENCENTCLOUD=true skips a metadata probe
// (~25 ms a call) and, unlike TENCENTCLOUD_RUNENV=SCF, keeps connections alive; SCF_NAMESPACE is
// what DYNAMIC_CURRENT_ENV resolves to.
export function sdkEnvironment(backend: { url: string; env: string }): Record<string, string> {
  return {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: backend.url }),
    TENCENTCLOUD_SECRETID: 'emulator-secret-id',
    TENCENTCLOUD_SECRETKEY: 'emulator-secret-key',
    SCF_NAMESPACE: backend.env,
    TENCENTCLOUD: 'true',
    SILENCE: 'true',
  };
}
