import type { Feature } from './feature';
import { groupsFeature } from './groups';
import { helpFeature } from './help';
import { meetingsFeature } from './meetings';

/**
 * Every feature, in registration order. Commands are matched by longest alias, so order matters only
 * for fallbacks (free-text questions), which run in this order after no command matched.
 */
export const FEATURES: Feature[] = [groupsFeature, helpFeature, meetingsFeature];
