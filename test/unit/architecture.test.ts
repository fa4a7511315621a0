/**
 * The shape of server/src, held by a test: no module-level mutable state (derived data belongs to
 * a document's session, see derived.ts), layers that import downwards only, and no function with a
 * body over MAX_BODY_LINES lines. Every non-test .ts file of server/src is parsed with the
 * TypeScript compiler; what breaks a rule fails the test, unless it is listed in PENDING (or, for
 * a long function, LONG_PENDING), and an entry that no longer breaks anything fails it too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The layers, bottom to top: a file may import from a lower layer, or from its own unit (a
 * directory of server/src, or a top-level file); not from a higher layer, nor from another unit
 * of its own layer. Every file belongs to a unit listed here.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['text.ts', 'derived.ts', 'format.ts', 'version.ts', 'filepath.ts'], // offsets and lines, the derived-data store, figures as text, the version, paths
  ['syntax/'], // lexer, parsers, the tree
  ['model/'], // entities, schema types, the kind-by-kind builder, units, profiles, paths, edits
  ['migration/'], // the estimates of spec §6 and what each method does
  ['language/'], // the registry of declaration kinds, one file each
  ['rules/'], // one file per rule, their shared pieces, the registry
  ['config.ts'], // the project config, vmm.config.json, read from its text
  ['session.ts'], // what one document carries from one check to the next
  ['load.ts'], // reading a file and its imports
  ['checker.ts', 'node-fs.ts'], // a check: text in, model and diagnostics out
  ['annotate.ts'], // diagnostics written under their lines
  ['plan/'], // the migration plan and its renderings
  ['features/'], // editor features, one provider per file, without LSP types
  ['import/'], // inventories (RVTools, libvirt) turned into .vmm text (spec §11)
  ['lsp/'], // conversion between LSP and features/
  ['main.ts'], // the language server
  ['cli/'], // the command line (`vmm lsp` starts the server)
];

/** A rule file: imported by the registry alone (rules never import other rules). */
const RULE_FILE = /^rules\/VMM\d{3}\.ts$/;
const REGISTRY = 'rules/registry.ts';

/** Imports the layer order allows that are still forbidden: [from, to, why]. */
const FORBIDDEN: readonly (readonly [string, string, string])[] = [['plan/', 'rules/', 'plan/ never imports rules/ (what both need lives in migration/)']];

/** lsp/ only converts: it imports features/, the top-level modules, its own files, and the types of a check's findings. */
const LSP_IMPORTS = ['features/', 'lsp/', 'checker.ts', 'session.ts', 'load.ts', 'node-fs.ts', 'derived.ts', 'text.ts', 'format.ts'];
const LSP_TYPE_IMPORTS = ['model/findings.ts'];

/** Node's own modules, for the shells and the file system they give the checker: the library stays pure. */
const NODE_MODULES = /^node:/;
const NODE_MODULE_USERS = ['node-fs.ts', 'lsp/', 'main.ts', 'cli/'];

/** The packages of the LSP, for the shells only: features/ stays pure. */
const LSP_PACKAGES = /^vscode-languageserver/;
const LSP_PACKAGE_USERS = ['lsp/', 'main.ts', 'cli/'];

/** Methods that change the array, map or set they are called on. */
const MUTATING_METHODS: ReadonlySet<string> = new Set([
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'sort',
  'reverse',
  'fill',
  'copyWithin',
  'set',
  'add',
  'delete',
  'clear',
]);

/**
 * Violations left while the lead rewrites these files: each must still be a violation (remove it
 * here when it is gone), and nothing else may be one.
 */
const PENDING: ReadonlySet<string> = new Set<string>([
  // Nothing left: the core redesign (issue 11) removed the last ones.
]);

/** The most lines a function's body may take (issue 11): a longer one is split into its steps. */
const MAX_BODY_LINES = 150;

/**
 * Functions still longer than MAX_BODY_LINES, as `server/src/<file> <name>`: each must still be over
 * (remove it here when it is split), and no other function may be.
 */
const LONG_PENDING: ReadonlySet<string> = new Set<string>([
  // Nothing left: startServer's capabilities and feature requests are functions of their own.
]);

const root = fileURLToPath(new URL('../../../', import.meta.url));
const src = path.join(root, 'server', 'src');

/** Every non-test .ts file of server/src (testing.ts holds test helpers), as paths relative to it with `/`. */
function sources(dir = src): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...sources(full));
    else if (entry.endsWith('.ts') && !entry.endsWith('.test.ts') && !entry.endsWith('.d.ts') && full !== path.join(src, 'testing.ts')) found.push(full);
  }
  return found;
}

function relative(file: string): string {
  return path.relative(src, file).split(path.sep).join('/');
}

/** The unit of a file: its top directory (`rules/`), or the file itself at the top. */
function unitOf(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? file : file.slice(0, slash + 1);
}

function layerOf(file: string): number {
  return LAYERS.findIndex((units) => units.includes(unitOf(file)));
}

function within(file: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));
}

interface Import {
  specifier: string;
  typeOnly: boolean;
}

/** Static imports and re-exports, and `import('…')` calls with a literal. */
function importsOf(source: ts.SourceFile): Import[] {
  const found: Import[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** What the layers forbid in one file's imports. */
function importViolations(file: string, source: ts.SourceFile): string[] {
  const problems: string[] = [];
  const from = layerOf(file);
  if (from < 0) return [`${file}: not in any layer (place its unit in LAYERS)`];
  for (const { specifier, typeOnly } of importsOf(source)) {
    if (!specifier.startsWith('.')) {
      if (LSP_PACKAGES.test(specifier) && !within(file, LSP_PACKAGE_USERS))
        problems.push(`${file}: imports ${specifier} (LSP types belong to ${LSP_PACKAGE_USERS.join(', ')})`);
      if (NODE_MODULES.test(specifier) && !within(file, NODE_MODULE_USERS))
        problems.push(`${file}: imports ${specifier} (node's modules belong to ${NODE_MODULE_USERS.join(', ')})`);
      continue;
    }
    const target = relative(path.resolve(path.dirname(path.join(src, file)), specifier.replace(/\.js$/, '.ts')));
    if (target.startsWith('..')) {
      problems.push(`${file}: imports ${specifier}, outside server/src`);
      continue;
    }
    const to = layerOf(target);
    const sameUnit = unitOf(target) === unitOf(file);
    if (to < 0) problems.push(`${file}: imports ${target}, which is in no layer`);
    else if (to > from) problems.push(`${file}: imports ${target} (${unitOf(file)} is below ${unitOf(target)})`);
    else if (to === from && !sameUnit)
      problems.push(`${file}: imports ${target} (${unitOf(file)} and ${unitOf(target)} are side by side: neither imports the other)`);
    if (RULE_FILE.test(target) && file !== REGISTRY) problems.push(`${file}: imports the rule file ${target} (only ${REGISTRY} imports rule files)`);
    for (const [a, b, why] of FORBIDDEN) if (within(file, [a]) && within(target, [b])) problems.push(`${file}: imports ${target} (${why})`);
    if (file.startsWith('lsp/') && !within(target, LSP_IMPORTS) && !(typeOnly && within(target, LSP_TYPE_IMPORTS)))
      problems.push(`${file}: imports ${target} (lsp/ imports only features/, top-level modules, lsp/, and types of ${LSP_TYPE_IMPORTS.join(', ')})`);
  }
  return problems;
}

/** `x`, `(x)`, `x as T`, `x satisfies T`, `<T>x` → `x`. */
function unwrap(node: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node)) {
    node = node.expression;
  }
  return node;
}

function isAsConst(node: ts.Expression): boolean {
  for (let at: ts.Expression = node; ;) {
    if (ts.isAsExpression(at) && ts.isConstTypeReference(at.type)) return true;
    if (ts.isParenthesizedExpression(at) || ts.isAsExpression(at) || ts.isSatisfiesExpression(at)) at = at.expression;
    else return false;
  }
}

function isFrozen(node: ts.Expression): boolean {
  const e = unwrap(node);
  return ts.isCallExpression(e) && e.expression.getText() === 'Object.freeze';
}

const COLLECTIONS: ReadonlySet<string> = new Set(['Map', 'Set', 'WeakMap', 'WeakSet']);

/** What makes a top-level declaration module-level state, by its form alone. */
function stateOf(declaration: ts.VariableDeclaration): string | undefined {
  const init = declaration.initializer && unwrap(declaration.initializer);
  if (!init) return undefined;
  const name = declaration.name.getText();
  if (ts.isNewExpression(init) && ts.isIdentifier(init.expression) && COLLECTIONS.has(init.expression.text)) {
    const kind = init.expression.text;
    if (kind.startsWith('Weak')) return `top-level const ${name} = new ${kind}(…) (a weak map at module level is a cache: derive it)`;
    const declared = declaration.type && ts.isTypeReferenceNode(declaration.type) ? declaration.type.typeName.getText() : undefined;
    if (declared !== `Readonly${kind}`) return `top-level const ${name} = new ${kind}(…) (type it Readonly${kind}, or keep it elsewhere than in the module)`;
  }
  // A global or sticky expression keeps its lastIndex from one use to the next.
  if (ts.isRegularExpressionLiteral(init) && /\/[a-z]*[gy][a-z]*$/.test(init.text))
    return `top-level const ${name} = ${init.text} (a global or sticky expression keeps lastIndex)`;
  return undefined;
}

/** Whether a reference to a top-level constant changes it (or something inside it). */
function mutates(reference: ts.Identifier): boolean {
  let at: ts.Node = reference;
  // Up the property chain: `x.a.b`, `x[i]`.
  while ((ts.isPropertyAccessExpression(at.parent) || ts.isElementAccessExpression(at.parent)) && at.parent.expression === at) at = at.parent;
  const parent = at.parent;
  if (at !== reference) {
    if (
      ts.isBinaryExpression(parent) &&
      parent.left === at &&
      parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    )
      return true;
    if (
      (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) &&
      [ts.SyntaxKind.PlusPlusToken, ts.SyntaxKind.MinusMinusToken].includes(parent.operator)
    )
      return true;
    if (ts.isDeleteExpression(parent)) return true;
    if (ts.isCallExpression(parent) && parent.expression === at && ts.isPropertyAccessExpression(at) && MUTATING_METHODS.has(at.name.text)) return true;
  }
  // Handed to something that writes into it.
  if (
    ts.isCallExpression(parent) &&
    parent.arguments[0] === at &&
    ['Object.assign', 'Object.defineProperty', 'Reflect.set'].includes(parent.expression.getText())
  )
    return true;
  return false;
}

interface Analysed {
  violations: string[];
}

function analyse(): Analysed {
  const files = sources();
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const violations: string[] = [];
  /** Top-level constants whose mutation is state, by symbol. */
  const constants = new Map<ts.Symbol, string>();
  const sourcesOf = files
    .map((f) => ({ file: relative(f), source: program.getSourceFile(f) }))
    .filter((s): s is { file: string; source: ts.SourceFile } => !!s.source);
  for (const { file, source } of sourcesOf) {
    violations.push(...importViolations(file, source));
    for (const statement of source.statements) {
      if (ts.isVariableStatement(statement)) {
        const flags = statement.declarationList.flags;
        for (const declaration of statement.declarationList.declarations) {
          const name = declaration.name.getText();
          if (!(flags & ts.NodeFlags.Const)) {
            violations.push(`${file}: top-level ${flags & ts.NodeFlags.Let ? 'let' : 'var'} ${name}`);
            continue;
          }
          const state = stateOf(declaration);
          if (state) violations.push(`${file}: ${state}`);
          else if (declaration.initializer && !isAsConst(declaration.initializer) && !isFrozen(declaration.initializer)) {
            const symbol = ts.isIdentifier(declaration.name) ? checker.getSymbolAtLocation(declaration.name) : undefined;
            if (symbol) constants.set(symbol, `${file}: top-level const ${name}`);
          }
        }
      } else if (ts.isClassDeclaration(statement)) {
        // Static fields are module-level too.
        for (const member of statement.members) {
          if (!ts.isPropertyDeclaration(member) || !member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) continue;
          const readonly = member.modifiers.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword);
          const init = member.initializer && unwrap(member.initializer);
          const collection = init && ts.isNewExpression(init) && ts.isIdentifier(init.expression) && COLLECTIONS.has(init.expression.text);
          if (!readonly || collection) violations.push(`${file}: static ${member.name.getText()} of class ${statement.name?.text ?? '(anonymous)'}`);
        }
      }
    }
  }
  // Every place a top-level constant is named, in any file: is it changed there?
  const mutated = new Set<string>();
  for (const { file, source } of sourcesOf) {
    const visit = (node: ts.Node) => {
      if (ts.isIdentifier(node)) {
        let symbol = checker.getSymbolAtLocation(node);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        const constant = symbol && constants.get(symbol);
        if (constant && mutates(node)) {
          const where = source.getLineAndCharacterOfPosition(node.getStart());
          mutated.add(`${constant} is changed at ${file}:${where.line + 1} (derive it, or keep it in what owns it)`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  violations.push(...mutated);
  return { violations };
}

const { violations } = analyse();

/** What a function is called in LONG_PENDING and in messages: its own name, a method's `Class.name`, else the line it starts on. */
function functionName(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
  const owner = (n: ts.Node) => (ts.isClassLike(n.parent) && n.parent.name ? `${n.parent.name.text}.` : '');
  if (ts.isConstructorDeclaration(node)) return `${owner(node)}constructor`;
  if (node.name && !ts.isComputedPropertyName(node.name)) return `${owner(node)}${node.name.getText(source)}`;
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name))
    return `${ts.isPropertyDeclaration(parent) ? owner(parent) : ''}${parent.name.text}`;
  return `(function at line ${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1})`;
}

/**
 * Every function of server/src (declaration, method, accessor, constructor, arrow or function
 * expression) whose body spans more than `max` lines, counted from the line of its first token to
 * the line of its last: `server/src/<file> <name>` → its lines.
 */
function longFunctions(files: readonly { file: string; text: string }[], max = MAX_BODY_LINES): Map<string, number> {
  const long = new Map<string, number>();
  for (const { file, text } of files) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const visit = (node: ts.Node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const body = node.body as ts.Node;
        const lines = source.getLineAndCharacterOfPosition(body.end).line - source.getLineAndCharacterOfPosition(body.getStart(source)).line + 1;
        if (lines > max) long.set(`server/src/${file} ${functionName(node as ts.FunctionLikeDeclaration, source)}`, lines);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return long;
}

const long = longFunctions(sources().map((f) => ({ file: relative(f), text: readFileSync(f, 'utf8') })));

test('architecture: no module-level mutable state, and layers import downwards only (PENDING aside)', () => {
  assert.deepEqual(
    violations.filter((v) => !PENDING.has(v)),
    [],
  );
});

test('architecture: every PENDING entry is still a violation (remove those that are gone)', () => {
  assert.deepEqual(
    [...PENDING].filter((p) => !violations.includes(p)),
    [],
  );
});

test('architecture: every source file is in a layer, and the layers name each unit once', () => {
  const units = LAYERS.flat();
  assert.equal(new Set(units).size, units.length);
  assert.deepEqual(
    sources()
      .map(relative)
      .filter((f) => layerOf(f) < 0),
    [],
  );
});

test(`architecture: no function of server/src has a body over ${MAX_BODY_LINES} lines (LONG_PENDING aside)`, () => {
  assert.deepEqual(
    [...long].filter(([name]) => !LONG_PENDING.has(name)).map(([name, lines]) => `${name}: ${lines} lines`),
    [],
  );
});

test('architecture: every LONG_PENDING function is still over the limit (remove those that are split)', () => {
  assert.deepEqual(
    [...LONG_PENDING].filter((name) => !long.has(name)),
    [],
  );
});

test('architecture: the function-length check counts each kind of function, and only its body', () => {
  const body = (n: number) => Array.from({ length: n - 2 }, (_, i) => `  const v${i} = ${i};`).join('\n');
  const text = [
    `export function declared() {\n${body(151)}\n}`,
    `export function fits() {\n${body(150)}\n}`,
    `const arrow = () => {\n${body(151)}\n};`,
    `const expression = function () {\n${body(151)}\n};`,
    `class K {\n  method() {\n${body(151)}\n  }\n  get value() {\n${body(151)}\n  }\n  constructor() {\n${body(151)}\n  }\n}`,
    `const table = { entry: () => {\n${body(151)}\n} };`,
    `[1].map((x) => {\n${body(151)}\n});`,
    `function outer() {\n  function inner() {\n${body(151)}\n  }\n}`,
  ].join('\n');
  const lineOfMap = text.split('\n').findIndex((l) => l.startsWith('[1].map')) + 1;
  assert.deepEqual(Object.fromEntries(longFunctions([{ file: 'toy.ts', text }])), {
    'server/src/toy.ts declared': 151,
    'server/src/toy.ts arrow': 151,
    'server/src/toy.ts expression': 151,
    'server/src/toy.ts K.method': 151,
    'server/src/toy.ts K.value': 151,
    'server/src/toy.ts K.constructor': 151,
    'server/src/toy.ts entry': 151,
    [`server/src/toy.ts (function at line ${lineOfMap})`]: 151,
    'server/src/toy.ts inner': 151,
    'server/src/toy.ts outer': 153,
  });
});
