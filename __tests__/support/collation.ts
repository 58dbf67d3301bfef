import { installCollatorCache } from './collator-cache';

// Every test file's realm compares strings with options through one collator per options (see
// collator-cache.ts): the policy simulator makes half a million such comparisons.
installCollatorCache(String.prototype);
