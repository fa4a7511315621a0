import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToUri, uriToPath } from './convert.js';

test('URIs are encoded and decoded as VS Code does (vscode-uri): c++, spaces and parentheses, Windows drive letters', () => {
  // The URIs VS Code sends for these paths (vscode.Uri.file(path).toString()).
  const cases: [string, string][] = [
    ['/home/u/c++/site.vmm', 'file:///home/u/c%2B%2B/site.vmm'],
    ['/home/u/My Sites (copy)/a.vmm', 'file:///home/u/My%20Sites%20%28copy%29/a.vmm'],
    ['/srv/é#1/a?.vmm', 'file:///srv/%C3%A9%231/a%3F.vmm'],
  ];
  for (const [path, uri] of cases) {
    assert.equal(pathToUri(path), uri);
    assert.equal(uriToPath(uri), path);
  }
  // Node's pathToFileURL leaves + and ( ) as they are: the same file under another URI string.
  assert.notEqual(new URL('file:///home/u/c++/site.vmm').href, pathToUri('/home/u/c++/site.vmm'));
  // A URI encoded otherwise still names the same path.
  assert.equal(uriToPath('file:///home/u/c++/site.vmm'), '/home/u/c++/site.vmm');
  assert.equal(uriToPath('file:///home/u/My%20Sites%20(copy)/a.vmm'), '/home/u/My Sites (copy)/a.vmm');
  // Windows-style URIs, as VS Code on Windows sends them, go back to the same URI string.
  for (const uri of ['file:///c%3A/Users/me/My%20Sites%20%28copy%29/main.vmm', 'file:///d%3A/c%2B%2B/a.vmm']) {
    const path = uriToPath(uri);
    assert.match(path, process.platform === 'win32' ? /^[cd]:\\/ : /^[cd]:\//);
    assert.equal(pathToUri(path), uri);
  }
  assert.equal(uriToPath('file:///C:/Users/me/a.vmm'), process.platform === 'win32' ? 'c:\\Users\\me\\a.vmm' : 'c:/Users/me/a.vmm');
  // Not a file: kept as it is.
  assert.equal(uriToPath('untitled:Untitled-1'), 'untitled:Untitled-1');
  assert.equal(pathToUri('untitled:Untitled-1'), 'untitled:Untitled-1');
});
