// Imported before a screen area's modules: their texts are added to i18next at module load, as in the
// app, where i18next is started before any area's chunk loads.
import { initI18n } from '../../../client/src/app/i18n';

initI18n('id');
