/**
 * What the app needs of a template engine, so another engine than nunjucks can be
 * plugged in: render a name for a module, and let go of resources on close.
 */

/** Which folder wins when a module and the root folder hold the same name. */
export type TemplatePrecedence = 'module-first' | 'root-first'

/** One module's templates folder (it may not exist on disk). */
export interface ModuleTemplateFolder {
  readonly module: string
  readonly dir: string
  /**
   * A module installed from npm: the root folder is searched before its folder whatever
   * the precedence, so the app overrides its templates (Django's project over app).
   */
  readonly installed?: boolean | undefined
}

/** Every templates folder of an app: the modules' in enabled order, and the root one. */
export interface TemplateFolders {
  /** The root `templates/` folder, shared by all modules (it may not exist on disk). */
  readonly rootDir?: string | null | undefined
  readonly modules?: readonly ModuleTemplateFolder[] | undefined
}

/** Who renders: decides the folders searched for every name the render loads. */
export interface RenderScope {
  /** The module whose templates are searched, or null outside any module (root folder only). */
  readonly module: string | null
  /**
   * What every template of this render sees besides its context: functions (`url_for`)
   * as globals, which imported macro files see too (as Jinja's); other values join the
   * context, under the context's own.
   */
  readonly globals?: Readonly<Record<string, unknown>> | undefined
}

/**
 * A template engine: renders `name` looked up in `scope.module`'s folders. It gives the
 * text itself when the render finished at once (the reply is then sent in the same tick),
 * else a promise of it.
 * @example const html = await engine.render('main.html', { title: 'Hi' }, { module: 'admin' })
 */
export interface TemplateEngine {
  render(
    name: string,
    context: Record<string, unknown>,
    scope: RenderScope,
  ): string | Promise<string>
  close?(): void | Promise<void>
}
