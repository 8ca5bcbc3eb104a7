import { saveFormId } from '../../src/handlers/saveFormId';
import { serve } from '../../src/handlers/serve';

export const main = serve('saveFormId', saveFormId);
