// cdktf loads archiver as it loads (cdktf/lib/private/fs.js) and calls it only to zip an asset,
// which no stack of ours has: jest maps `archiver` here (jest.config.js), so that a test file loads
// it on that call, if ever, and not each time it loads cdktf.
'use strict';
const path = require('path');

const ARCHIVER = path.join(__dirname, '..', '..', 'node_modules', 'archiver', 'index.js');

module.exports = (...args) => require(ARCHIVER)(...args);
