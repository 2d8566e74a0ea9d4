import type { DatabaseSync } from 'node:sqlite'

/**
 * The forum's own tables, and below the only way other modules read or change them
 * (modules that do declare `requires: ['forum']`).
 */
export const migrations = [
  `CREATE TABLE forum_boards (
     id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, title TEXT NOT NULL, about TEXT NOT NULL)`,
  `CREATE TABLE forum_messages (
     id INTEGER PRIMARY KEY, board_id INTEGER NOT NULL REFERENCES forum_boards(id),
     author TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT (datetime('now')))`,
  `INSERT INTO forum_boards (slug, title, about) VALUES
     ('general', 'General', 'Anything about the project.'),
     ('help', 'Help', 'Questions and answers.')`,
]

export interface Board {
  id: number
  slug: string
  title: string
  about: string
  messages: number
}

export interface Message {
  id: number
  board_id: number
  author: string
  body: string
  created_at: string
}

export const PAGE_SIZE = 10

/** How many pages `messages` messages fill (at least one, empty). */
export const pageCount = (messages: number): number => Math.max(1, Math.ceil(messages / PAGE_SIZE))

export function boards(db: DatabaseSync): Board[] {
  return db
    .prepare(
      `SELECT b.id, b.slug, b.title, b.about, COUNT(m.id) AS messages
       FROM forum_boards b LEFT JOIN forum_messages m ON m.board_id = b.id
       GROUP BY b.id ORDER BY b.id`,
    )
    .all() as unknown as Board[]
}

export function board(db: DatabaseSync, id: number): Board | undefined {
  return db
    .prepare(
      `SELECT b.id, b.slug, b.title, b.about, COUNT(m.id) AS messages
       FROM forum_boards b LEFT JOIN forum_messages m ON m.board_id = b.id
       WHERE b.id = ? GROUP BY b.id`,
    )
    .get(id) as unknown as Board | undefined
}

/** One page of a board's messages, newest first; `page` is a page number from 1 to pageCount. */
export function messages(db: DatabaseSync, boardId: number, page: number): Message[] {
  return db
    .prepare(
      `SELECT id, board_id, author, body, created_at FROM forum_messages
       WHERE board_id = ? ORDER BY id DESC LIMIT ? OFFSET ?`,
    )
    .all(boardId, PAGE_SIZE, (page - 1) * PAGE_SIZE) as unknown as Message[]
}

export function post(db: DatabaseSync, boardId: number, author: string, body: string): number {
  const result = db
    .prepare('INSERT INTO forum_messages (board_id, author, body) VALUES (?, ?, ?)')
    .run(boardId, author, body)
  return Number(result.lastInsertRowid)
}

export function remove(db: DatabaseSync, id: number): boolean {
  return db.prepare('DELETE FROM forum_messages WHERE id = ?').run(id).changes > 0
}

export function latest(db: DatabaseSync, limit: number): (Message & { board: string })[] {
  return db
    .prepare(
      `SELECT m.id, m.board_id, m.author, m.body, m.created_at, b.title AS board
       FROM forum_messages m JOIN forum_boards b ON b.id = m.board_id
       ORDER BY m.id DESC LIMIT ?`,
    )
    .all(limit) as unknown as (Message & { board: string })[]
}
