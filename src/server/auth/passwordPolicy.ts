// What the server refuses as a new password, with a plain reason: too short, on the lists of passwords
// guessed first (international and Chinese), one repeated character, a counting run, or the username
// itself. Sign-in is throttled; a password guessed in the first few tries defeats that.
import { MIN_PASSWORD_LENGTH } from './passwords'

const COMMON = new Set([
  '12345678', '123456789', '1234567890', '11111111', '00000000', '88888888', '66666666', '12341234', '11223344',
  '123123123', '12344321', '147258369', '159357456', '5201314', '52013140', '13145200', 'woaini1314', 'woaini520',
  'iloveyou', 'iloveyou1', 'password', 'password1', 'password123', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'admin123',
  'admin1234', 'administrator', 'welcome1', 'welcome123', 'letmein1', 'sunshine', 'princess', 'football', 'baseball',
  'monkey123', 'dragon123', 'qwerty123', 'qwertyuiop', 'qwer1234', '1234qwer', '1q2w3e4r', '1qaz2wsx', 'zaq12wsx',
  'qazwsxedc', 'asdfghjkl', 'zxcvbnm1', 'zxcvbnm123', 'a1234567', 'a12345678', 'a123456789', 'aa123456', 'abc12345',
  'abc123456', 'abcd1234', '12345678a', '123456789a', 'qq123456', 'qq5201314', 'asd123456', 'zxc123456', 'wang1234',
  'li123456', 'zhang123', 'dangjian', 'dangyuan', 'dangzhibu', 'zhibu123', 'dangjian123', 'changeme', 'default1',
])

/** A run such as 12345678, 87654321 or abcdefgh: each character one step from the last. */
function isRun(text: string): boolean {
  if (text.length < 4) return false
  const step = text.charCodeAt(1) - text.charCodeAt(0)
  if (Math.abs(step) !== 1) return false
  for (let i = 2; i < text.length; i++) if (text.charCodeAt(i) - text.charCodeAt(i - 1) !== step) return false
  return true
}

/** The reason a new password is refused (Chinese / English), or null when it may be used. */
export function passwordProblem(password: string, username?: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return `密码至少需要 ${MIN_PASSWORD_LENGTH} 位 / The password needs at least ${MIN_PASSWORD_LENGTH} characters`
  }
  const lower = password.toLowerCase()
  if (COMMON.has(lower) || /^(.)\1+$/u.test(password) || isRun(lower)) {
    return '这个密码太常见，很容易被猜中，请换一个 / This password is among the first ones guessed; choose another'
  }
  if (username && lower === username.toLowerCase()) return '密码不能与用户名相同 / The password must not be the username'
  return null
}
