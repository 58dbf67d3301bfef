import { TestEnvironment } from 'jest-environment-node';
import { removeTempPaths } from './temp';

/**
 * Jest's node environment, which also ends a test file the way a process ends: after the file's
 * last hook, whether its tests passed, failed or were filtered out, it fires the file's `exit`
 * (Jest gives each file a process object of its own, whose `exit` never comes: code under test that
 * removes its temporary files on exit would leave them) and removes the temporary paths the file
 * made with `tempDir`.
 */
class AuditTestEnvironment extends TestEnvironment {
  public override async teardown(): Promise<void> {
    const global = this.global as unknown as Record<string, unknown> & { process: NodeJS.Process };
    try {
      global.process.emit('exit', 0);
    } finally {
      await removeTempPaths(global);
    }
    await super.teardown();
  }
}

// `export =`: jest loads it as the module itself (the transform marks no ES module).
export = AuditTestEnvironment;
