/**
 * The user's own motions (recorded or loaded), kept in this browser's IndexedDB as driver files
 * (the open format), so they are there next time. Nothing leaves the device.
 */
const DATABASE = 'kinora';
const STORE = 'drivers';

interface StoredDriver {
  id: string;
  json: string;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

let database: Promise<IDBDatabase> | undefined;
function open(): Promise<IDBDatabase> {
  database ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DATABASE, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  database.catch(() => (database = undefined));
  return database;
}

export async function saveDriverText(id: string, json: string): Promise<void> {
  const db = await open();
  await request(db.transaction(STORE, 'readwrite').objectStore(STORE).put({ id, json } satisfies StoredDriver));
}

export async function loadDriverTexts(): Promise<string[]> {
  const db = await open();
  const all = (await request(db.transaction(STORE, 'readonly').objectStore(STORE).getAll())) as StoredDriver[];
  return all.map((entry) => entry.json);
}
