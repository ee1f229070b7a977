/**
 * Imported first by every entry point, before argon2 and the rest are loaded: argon2's prebuilt binary crashes
 * (segmentation fault) on Node.js 20, and Angular 22 needs 22.22+, so anything older than the Node.js the project
 * ships and tests (package.json engines, the `node` dev dependency) stops here with a message instead.
 */
const MINIMUM = { major: 24, minor: 15 };

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < MINIMUM.major || (major === MINIMUM.major && minor < MINIMUM.minor)) {
  process.stderr.write(
    `このサーバーは Node.js ${MINIMUM.major}.${MINIMUM.minor} 以降で動作します（現在 ${process.version}）。` +
      'npm start などの npm スクリプトで起動してください（プロジェクトに同梱の Node.js 24 が使われます）。\n' +
      `This server needs Node.js >= ${MINIMUM.major}.${MINIMUM.minor} (running ${process.version}); ` +
      'start it through npm start or another npm script, which use the bundled Node.js 24.\n',
  );
  process.exit(1);
}
