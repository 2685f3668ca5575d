#!/usr/bin/env node
'use strict';
/**
 * Size limits for feature code, measured with the TypeScript compiler API (not by counting braces):
 * every function, method, arrow function, constructor and accessor body in the checked folder is at most
 * MAX_FUNCTION_LINES lines (a feature's `register`/`setup` included), and every file at most
 * MAX_FILE_LINES lines. Prints each violation as `file:line ...` and exits 1 when there is one.
 *
 *   node scripts/check-size.js            # checks src/features
 *   node scripts/check-size.js DIR...     # checks other folders (the tests use fixtures)
 *
 * A body's length is the lines from its opening `{` to its closing `}`, both included; an arrow
 * function with an expression body counts the lines of that expression.
 */
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const MAX_FUNCTION_LINES = 60;
const MAX_FILE_LINES = 250;

/** Every .ts file under `dir` (declaration files left out), sorted for a stable report. */
function tsFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

/** A readable name for a function-like node: its own name, or the variable/property it is assigned to. */
function nameOf(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (node.name) return node.name.getText();
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name) {
    return parent.name.getText();
  }
  if (parent && ts.isCallExpression(parent)) return `callback of ${parent.expression.getText().slice(0, 40)}`;
  return '(anonymous)';
}

function kindOf(node) {
  if (ts.isMethodDeclaration(node)) return 'method';
  if (ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) return 'accessor';
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (ts.isArrowFunction(node)) return 'arrow function';
  return 'function';
}

/** Lines spanned by `node` in `source`, first and last included. */
function lineSpan(source, node) {
  const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
  const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
  return end - start + 1;
}

/** The violations in one file, as printable lines. */
function checkFile(file, root) {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const shown = path.relative(root, file).split(path.sep).join('/');
  const problems = [];
  const fileLines = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
  if (fileLines > MAX_FILE_LINES) problems.push(`${shown}:1 file is ${fileLines} lines (max ${MAX_FILE_LINES})`);
  const visit = (node) => {
    if (ts.isFunctionLike(node) && node.body) {
      const lines = lineSpan(source, node.body);
      if (lines > MAX_FUNCTION_LINES) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        problems.push(`${shown}:${line} ${kindOf(node)} ${nameOf(node)} body is ${lines} lines (max ${MAX_FUNCTION_LINES})`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}

/** Checks the folders; returns the violations. */
function checkSize(dirs, root = process.cwd()) {
  return dirs.flatMap((dir) => tsFiles(path.resolve(root, dir)).flatMap((file) => checkFile(file, root)));
}

if (require.main === module) {
  const dirs = process.argv.slice(2);
  const problems = checkSize(dirs.length ? dirs : ['src/features']);
  for (const p of problems) console.log(p);
  if (problems.length > 0) {
    console.error(`${problems.length} size violation(s): split the function or file (see docs/architecture.md).`);
    process.exit(1);
  }
  console.log('size: every function body <= 60 lines, every file <= 250 lines');
}

module.exports = { checkSize, MAX_FUNCTION_LINES, MAX_FILE_LINES };
