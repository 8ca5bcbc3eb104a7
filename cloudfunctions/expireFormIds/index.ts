import { expireFormIds } from '../../src/handlers/expireFormIds';
import { serve, timerOnly } from '../../src/handlers/serve';

export const main = serve('expireFormIds', timerOnly(expireFormIds));
