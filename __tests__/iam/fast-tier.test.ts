// This folder's test files, run in one module registry (__tests__/support/fast-tier.ts).
import { runTestFilesOf } from '../support/fast-tier';

runTestFilesOf(__dirname);
