/** The situation picture card lives with the updates feature, which owns the picture; ask only shows it. */
export { pictureCard } from '../updates/picture-card';
