// SHA-256 as lowercase hex, the content address of an attachment (the server verifies the same).

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

export const isSha256Hex = (value: string): boolean => /^[0-9a-f]{64}$/.test(value)
