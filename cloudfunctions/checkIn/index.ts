import { checkIn } from '../../src/handlers/checkIn';
import { serve } from '../../src/handlers/serve';

export const main = serve('checkIn', checkIn);
