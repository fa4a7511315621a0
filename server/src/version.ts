/** The version of vmm (the CLI's `--version`, the language server's `serverInfo`); a test holds it to package.json. */
export const VERSION = '0.1.0';
