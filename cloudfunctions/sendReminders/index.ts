import '../../src/handlers/compactHeap';
import { sendReminders } from '../../src/handlers/sendReminders';
import { serve, timerOnly } from '../../src/handlers/serve';

export const main = serve('sendReminders', timerOnly(sendReminders));
