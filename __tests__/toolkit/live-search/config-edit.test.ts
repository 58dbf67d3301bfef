import * as fs from 'fs';
import * as path from 'path';
import { lineDiff, replaceFileAtomically, withValue } from '../../../packages/cli/toolkit/live-search/config-edit';
import { tempDir } from '../../support/temp';

/*
 * The config edit of live-search-sinks: the file's own formatting kept, the file replaced whole or
 * not at all. A file that cannot be written is simulated (the tests may run as root, whom file modes
 * do not stop).
 */

describe('withValue', () => {
  test("sets a nested field in the file's own indentation, every other byte kept", () => {
    const text = '{\n    "a": {\n        "b": true\n    },\n    "z": [1,2]\n}\n';
    expect(withValue(text, ['a', 'c'], { x: 'y' })).toBe(
      '{\n    "a": {\n        "b": true,\n        "c": {\n            "x": "y"\n        }\n    },\n    "z": [1,2]\n}\n',
    );
  });

  test('keeps CRLF line ends and tabs', () => {
    const text = '{\r\n\t"a": {\r\n\t\t"b": 1\r\n\t}\r\n}\r\n';
    expect(withValue(text, ['a', 'b'], 2)).toBe('{\r\n\t"a": {\r\n\t\t"b": 2\r\n\t}\r\n}\r\n');
  });
});

test('lineDiff shows the changed run of lines with two lines of context', () => {
  const before = 'a\nb\nc\nd\ne\nf\n';
  const after = 'a\nb\nc\nD\ne\nf\n';
  expect(lineDiff(before, after, 'x.json')).toBe('--- x.json\n+++ x.json\n@@ -2,5 +2,5 @@\n b\n c\n-d\n+D\n e\n f\n');
  expect(lineDiff(before, before, 'x.json')).toBe('');
});

describe('replaceFileAtomically', () => {
  afterEach(() => jest.restoreAllMocks());

  function config(): string {
    const file = path.join(tempDir('config-edit'), 'audit.config.json');
    fs.writeFileSync(file, '{"old": true}\n', { mode: 0o640 });
    return file;
  }

  test('replaces the file, keeping its mode and leaving no temporary file', () => {
    const file = config();
    replaceFileAtomically(file, '{"new": true}\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"new": true}\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['audit.config.json']);
  });

  test('refuses a file that is not writable, naming it, before writing anything', () => {
    const file = config();
    const writes = jest.spyOn(fs, 'writeFileSync');
    jest.spyOn(fs, 'accessSync').mockImplementation((what) => {
      if (what === file) throw Object.assign(new Error('denied'), { code: 'EACCES' });
    });
    expect(() => replaceFileAtomically(file, '{"new": true}\n')).toThrow(
      `${file} is not writable (EACCES): nothing was written`,
    );
    expect(writes).not.toHaveBeenCalled();
    expect(fs.readFileSync(file, 'utf8')).toBe('{"old": true}\n');
  });

  test('a rename that fails leaves the file as it was and no temporary file', () => {
    const file = config();
    jest.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw Object.assign(new Error('EXDEV: cross-device link'), { code: 'EXDEV' });
    });
    expect(() => replaceFileAtomically(file, '{"new": true}\n')).toThrow('it is unchanged');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"old": true}\n');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['audit.config.json']);
  });
});
