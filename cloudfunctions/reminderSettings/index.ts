import { reminderSettings } from '../../src/handlers/reminderSettings';
import { serve } from '../../src/handlers/serve';

export const main = serve('reminderSettings', reminderSettings);
