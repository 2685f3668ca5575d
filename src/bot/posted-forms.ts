/**
 * @deprecated Moved to src/features/shared/posted-forms.ts (forms are a feature concern, not the host's);
 * this re-export goes once every feature imports the new path.
 */
export { PostedForms, type FormKind } from '../features/shared/posted-forms';
