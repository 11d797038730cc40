import { createI18n, useI18n } from 'vue-i18n'
import { Locale as VantLocale } from 'vant'
import vantEnUS from 'vant/es/locale/lang/en-US'
import vantZhCN from 'vant/es/locale/lang/zh-CN'
import type { Label } from '@/domain/types'
import type zhCN from './zh-CN'
// Production builds narrow this import to the areas the home screen shows (common, home, settings,
// sync: vite.config.ts `firstScreenMessages`); the others follow with loadAllMessages(). Development
// and tests get every area here.
import zhCNFirstScreen from './zh-CN'

export type MessageSchema = typeof zhCN
export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const
export type AppLocale = (typeof SUPPORTED_LOCALES)[number]

const LOCALE_KEY = 'branch-records.locale'

function initialLocale(): AppLocale {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(LOCALE_KEY)
  return saved === 'en' ? 'en' : 'zh-CN'
}

// Chinese is the default and ships with the first screen; English loads when it is chosen (it is
// precached, so this works offline too). Until it arrives, Chinese is shown.
export const i18n = createI18n<[MessageSchema], AppLocale, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCNFirstScreen } as Record<AppLocale, MessageSchema>,
})

let allChinese: Promise<void> | undefined
/** Every Chinese area. Other pages wait for it (router.ts); the home screen asks for it once it shows. */
export function loadAllMessages(): Promise<void> {
  // Replaced, not merged: merging deep-copies every compiled message into the reactive store, one long
  // task on a slow phone; the full set already holds the first screen's areas.
  allChinese ??= import('./zh-CN/index').then((m) => i18n.global.setLocaleMessage('zh-CN', m.default))
  // A failed load (offline before the first full visit) is tried again by the next caller.
  allChinese.catch(() => {
    allChinese = undefined
  })
  return allChinese
}

const loaded = new Set<AppLocale>(['zh-CN'])
async function ensureMessages(locale: AppLocale): Promise<void> {
  if (loaded.has(locale)) return
  const messages = (await import('./en')).default
  i18n.global.setLocaleMessage('en', messages)
  loaded.add(locale)
}

/** Called once before mounting: brings the saved language's messages in (nothing to save again). */
export async function prepareLocale(): Promise<void> {
  await applyLocale(initialLocale())
}

/** Vant's own words (picker buttons, dialog 确认/取消, …) follow the app language. */
function applyVantLocale(locale: AppLocale): void {
  if (locale === 'en') VantLocale.use('en-US', vantEnUS)
  else VantLocale.use('zh-CN', vantZhCN)
}
applyVantLocale(i18n.global.locale.value)

export function currentLocale(): AppLocale {
  return i18n.global.locale.value
}

async function applyLocale(locale: AppLocale): Promise<void> {
  await ensureMessages(locale)
  i18n.global.locale.value = locale
  applyVantLocale(locale)
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

export async function setLocale(locale: AppLocale): Promise<void> {
  // Chinese is also the fallback of English: it is complete whichever language is chosen.
  await loadAllMessages()
  await applyLocale(locale)
  if (typeof localStorage !== 'undefined') localStorage.setItem(LOCALE_KEY, locale)
}

/** Domain tables carry their own `Label`s; this picks the word for the current UI language. */
export function useLabel(): (label: Label) => string {
  const { locale } = useI18n()
  return (label) => label[locale.value as AppLocale] ?? label['zh-CN']
}

/** Outside components (stores, services). */
export function labelText(label: Label): string {
  return label[currentLocale()] ?? label['zh-CN']
}
