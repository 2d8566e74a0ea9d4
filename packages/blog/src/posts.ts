/** A post of the blog. */
export interface Post {
  readonly slug: string
  readonly title: string
  readonly body: string
}

/** The posts the module ships with; an app would keep its own in its database. */
export const posts: readonly Post[] = [
  { slug: 'hello', title: 'Hello from npm', body: 'This module was installed from a package.' },
  { slug: 'override', title: 'Overriding', body: 'The app overrides any template of it.' },
]
