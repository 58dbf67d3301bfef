import { Testing } from 'cdktf';
// The matcher types (toHaveResourceWithProperties, ...) for every test file.
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();
