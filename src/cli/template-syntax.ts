import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LoadedModule } from '../modules/load.ts'
import { relativePosix } from '../paths.ts'
import { scanTemplate, templateFiles } from './template-links.ts'

/**
 * Every template of the app compiled as the engine compiles it, without rendering: each
 * syntax error, and each Jinja construct nunjucks cannot give, with its file and line.
 * nunjucks is imported only here, when `check` runs. A template with a tag left open is
 * not compiled: the linear scan of its links reports it, and nunjucks' lexer takes
 * seconds (quadratic) on such a source (300 KB of `{{`: 35 s).
 */
export async function templateSyntaxProblems(
  root: string,
  modules: readonly LoadedModule[],
): Promise<Error[]> {
  const { checkEnvironment, compiledSource } = await import('../templates/loader.ts')
  const env = checkEnvironment()
  const folders = [
    { dir: join(root, 'templates'), module: null },
    ...modules.map((m) => ({ dir: m.blueprint.templateFolder, module: m.name })),
  ]
  const problems: Error[] = []
  for (const { dir, module } of folders) {
    for (const file of templateFiles(dir)) {
      let source: string
      try {
        source = readFileSync(file, 'utf8')
      } catch {
        continue
      }
      if (scanTemplate(source).unclosed !== undefined) continue
      const checked = compiledSource(source, env, relativePosix(root, file), file, module)
      if (checked instanceof Error) problems.push(checked)
    }
  }
  return problems
}
