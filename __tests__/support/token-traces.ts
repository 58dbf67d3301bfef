import { withoutTokenCreationTraces } from '../../modules/deployment/synth-traces';

// Stacks built as synth builds them: without cdktf's trace of every token, which under jest's
// source-mapped traces took most of the time of building a stack. It runs before anything loads
// cdktf, whose modules make tokens as they load.
withoutTokenCreationTraces();
