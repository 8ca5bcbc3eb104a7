// The demo's cloud: this project deployed on the emulator as local/deployment.ts says (indexes,
// released pages, both reminder templates, both channels configured) on a fresh data folder, with
// the template-message mode and the send faults the demo was asked for.
import { startEmulator, type Emulator } from 'wx-cloud-emulator';
import type { TemplateMessageMode } from 'wx-cloud-emulator/backend';
import { virtualClock } from 'wx-cloud-emulator/clock';
import { projectDeployment } from '../local/deployment';

export interface WorldOptions {
  /** Emptied first (the emulator's lock keeps a running one safe): the demo always starts fresh. */
  dataDir: string;
  start: Date;
  templateMessage: TemplateMessageMode;
  /** Share of message sends WeChat answers with -1 (system busy), 0..1. */
  faultRate: number;
  seed: number;
  /** Subscribe templates the functions are configured with (local/deployment.ts subscribeTemplates), 1-3. */
  templates: number;
  /** REMINDER_HOLDOUT_PERCENT of sendReminders: due user-days held out to measure the lift. */
  holdoutPercent: number;
}

export async function startWorld(options: WorldOptions): Promise<Emulator> {
  const deployment = projectDeployment({
    channels: { subscribe: true, form: true },
    subscribeTemplates: options.templates,
    templateMessageMode: options.templateMessage,
    // One send at a time, so that the seed decides everything: with sends in flight side by side,
    // which of them the fault dice hit, and how many form sends meet 45103 before the run closes
    // that channel, would depend on timing.
    functionEnv: { sendReminders: { REMINDER_SEND_CONCURRENCY: '1', REMINDER_HOLDOUT_PERCENT: String(options.holdoutPercent) } },
  });
  const emulator = await startEmulator({ ...deployment, clock: virtualClock(options.start, { flowing: false }), dataDir: options.dataDir });
  try {
    const { instrument } = emulator.backend;
    emulator.backend.wipe();
    instrument.seed(options.seed);
    if (options.faultRate > 0) {
      for (const action of ['wx.openApi:subscribeMessage.send', 'wx.openApi:templateMessage.send']) instrument.injectFault({ action, rate: options.faultRate, errcode: -1 });
    }
    return emulator;
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
