import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, normalize, relative, sep } from 'node:path';
import ts from 'typescript';

const SOURCE = join(__dirname, '../src');
/** Infrastructure every feature may use; they are not features themselves. */
const INFRASTRUCTURE = new Set(['common', 'config', 'database', 'cli', 'bench']);
/**
 * Cycles between feature folders still to be untangled: none is left (issue 11 untangled the last, `catalogue ⇄
 * enrolments ⇄ org ⇄ staff ⇄ tenants`), so a new import cycle between two features fails this test.
 */
const KNOWN_CYCLES: string[] = [];

/**
 * Folders whose Nest classes may hold SQL: the database plumbing itself (connections, locks, row-level security),
 * the benchmarks (their floors are hand-written SQL by design), and the demo seeder, which writes made-up data
 * directly as a tool of its own rather than through any feature's rules.
 */
const SQL_ALLOWED_FOLDERS = new Set(['database', 'bench', 'seed', 'cli']);
/**
 * Every feature folder's services, controllers and other Nest classes hold no SQL: it lives in the folder's
 * `*.repository.ts` classes (issue 11).
 */
const SQL_FREE_FOLDERS = readdirSync(SOURCE).filter(
  (name) => statSync(join(SOURCE, name)).isDirectory() && !SQL_ALLOWED_FOLDERS.has(name),
);

/** The start of an SQL statement, in capitals as this codebase writes SQL (`…` stands for an interpolation). */
const SQL_STATEMENT = [
  /\bSELECT\b[\s\S]*?\bFROM\b/,
  /\bINSERT\s+INTO\b/,
  /\bUPDATE\s+[\w.…]+(?:\s+(?:AS\s+)?\w+)?\s+SET\b/,
  /\bDELETE\s+FROM\b/,
];

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The text of every string and template literal of some code (an interpolation as `…`), comments left out. */
function literalsIn(fileName: string, code: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found.push(node.text);
    else if (ts.isTemplateExpression(node))
      found.push(node.head.text + node.templateSpans.map((span) => `…${span.literal.text}`).join(''));
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true));
  return found;
}

const isSql = (text: string): boolean => SQL_STATEMENT.some((pattern) => pattern.test(text));

/** Whether a file's work is flow (a service, a controller, or another Nest class that is not a repository). */
function holdsFlow(file: string): boolean {
  const name = basename(file);
  if (name.endsWith('.repository.ts')) return false;
  if (/\.(service|controller)\.ts$/.test(name)) return true;
  const text = readFileSync(file, 'utf8');
  return /@(Injectable|Controller)\(/.test(text) && !/class \w+Repository\b/.test(text);
}

/** Feature folder → the feature folders its files import from. */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(SOURCE)) {
    const from = relative(SOURCE, file).split(sep)[0];
    if (INFRASTRUCTURE.has(from) || !relative(SOURCE, file).includes(sep)) continue;
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const to = relative(SOURCE, normalize(join(dirname(file), specifier))).split(sep)[0];
      if (to === from || INFRASTRUCTURE.has(to) || to.startsWith('..') || to.includes('.')) continue;
      graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
  }
  return graph;
}

/** The strongly connected groups of more than one folder (Tarjan), each as 'a ⇄ b ⇄ c' in name order. */
function cycles(graph: Map<string, Set<string>>): string[] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[] = [];
  const visit = (node: string): void => {
    indexOf.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indexOf.get(next)!));
    }
    if (low.get(node) === indexOf.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) found.push(group.sort().join(' ⇄ '));
    }
  };
  for (const node of graph.keys()) if (!indexOf.has(node)) visit(node);
  return found.sort();
}

describe('the layout of the API', () => {
  it('has no import cycle between feature folders beyond the known ones still to be untangled', () => {
    expect(cycles(folderGraph())).toEqual([...KNOWN_CYCLES].sort());
  });

  it('registers each controller in the Nest module of its own folder', () => {
    const misplaced: string[] = [];
    for (const file of sourceFiles(SOURCE).filter((f) => f.endsWith('.module.ts'))) {
      const folder = relative(SOURCE, file).split(sep)[0];
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(
        /from '(\.{1,2}\/[^']+\.controller)'/g,
      )) {
        const owner = relative(SOURCE, normalize(join(dirname(file), specifier))).split(sep)[0];
        if (owner !== folder && folder !== 'app.module.ts')
          misplaced.push(`${relative(SOURCE, file)} → ${specifier}`);
      }
    }
    expect(misplaced).toEqual([]);
  });

  it('keeps SQL out of services and controllers: it is in the repositories', () => {
    const files = SQL_FREE_FOLDERS.flatMap((folder) => sourceFiles(join(SOURCE, folder))).filter(holdsFlow);
    const withSql = files.flatMap((file) =>
      literalsIn(file, readFileSync(file, 'utf8'))
        .filter(isSql)
        .map((text) => `${relative(SOURCE, file)}: ${text.trim().split('\n')[0]}`),
    );
    expect(files.length).toBeGreaterThan(60);
    expect(withSql).toEqual([]);
  });

  it('recognises SQL in a literal, and only there', () => {
    const sqlIn = (code: string) => literalsIn('probe.ts', code).some(isSql);
    expect(sqlIn('db.query(`SELECT id\n FROM staff WHERE id = $1`, [id]);')).toBe(true);
    expect(sqlIn('db.query(`SELECT ${COLUMNS} FROM content_package`);')).toBe(true);
    expect(sqlIn("q('INSERT INTO xapi_client (key) VALUES ($1)');")).toBe(true);
    expect(sqlIn('q(`UPDATE outside_unmatched u SET status = $1`);')).toBe(true);
    expect(sqlIn('q(`UPDATE ${table} SET x = 1`);')).toBe(true);
    expect(sqlIn('run(db, sql`SELECT id FROM staff WHERE id = ${id}`);')).toBe(true);
    expect(sqlIn('q("DELETE FROM xapi_document WHERE doc_key = $1");')).toBe(true);
    expect(sqlIn('// SELECT id FROM staff, in a comment\nconst a = 1;')).toBe(false);
    expect(sqlIn("throw new Error('Select a file from the list');")).toBe(false);
  });

  it('makes a module global only for configuration, the job queue and the audit log', () => {
    const allowed = ['app.module.ts', join('audit', 'audit.module.ts'), join('jobs', 'jobs.module.ts')];
    const global = sourceFiles(SOURCE)
      .filter((f) => f.endsWith('.module.ts') && /@Global\(\)|global: true/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SOURCE, f));
    expect(global.filter((f) => !allowed.includes(f))).toEqual([]);
  });
});
