/** @module Agents' notes on subscribers, in the embedded store (console-contract.ts NoteStore). */
import type { Note, NoteStore } from '../console-contract.js';
import type { SqliteDb } from './open.js';

export class SqliteNotes implements NoteStore {
  constructor(private readonly db: SqliteDb) {}

  async add(n: Omit<Note, 'id'>): Promise<Note> {
    const r = this.db.prepare('INSERT INTO console_notes (subscriber_id, author, body, created_at) VALUES (?, ?, ?, ?) RETURNING id')
      .pluck().get(n.subscriber_id, n.author, n.body, n.created_at) as number;
    return { id: r, ...n };
  }

  async forSubscriber(subscriberId: number, limit: number): Promise<Note[]> {
    return this.db.prepare('SELECT id, subscriber_id, author, body, created_at FROM console_notes WHERE subscriber_id = ? ORDER BY id DESC LIMIT ?')
      .all(subscriberId, limit) as Note[];
  }
}
