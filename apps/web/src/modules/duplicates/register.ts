import { registerFormExtension } from '../../engine/formExtensions';
import { DuplicateWarning, useConfirmNotDuplicate } from './DuplicateWarning';

/** Every record form of an object with duplicate rules warns about likely duplicates. */
registerFormExtension({ key: 'duplicates', Panel: DuplicateWarning, useBeforeSave: useConfirmNotDuplicate });
