import { notYetBuilt } from '../../src/handlers/notYetBuilt';
import { serve, timerOnly } from '../../src/handlers/serve';

export const main = serve('expireFormIds', timerOnly(notYetBuilt));
