import { notYetBuilt } from '../../src/handlers/notYetBuilt';
import { serve } from '../../src/handlers/serve';

export const main = serve('checkIn', notYetBuilt);
