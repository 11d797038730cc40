// English counts read as English ("1 item", "2 items"); Chinese has one form for every count.
import { beforeEach, describe, expect, it } from 'vitest'
import { i18n, loadAllMessages, setLocale } from '@/app/i18n'
import { resetLocale } from './appTestSupport'

const t = (key: string, n: number, named: Record<string, unknown> = {}): string => i18n.global.t(key, { n, ...named }, n)

describe('counted messages', () => {
  beforeEach(async () => {
    await resetLocale()
    await loadAllMessages()
  })

  it('English has a singular and a plural', async () => {
    await setLocale('en')
    expect(t('records.field.itemCount', 1)).toBe('1 item')
    expect(t('records.field.itemCount', 3)).toBe('3 items')
    expect(t('records.editor.summary.people', 1)).toBe('1 person')
    expect(t('records.editor.missingTitle', 1)).toBe('1 thing is missing')
    expect(t('records.editor.missingTitle', 2)).toBe('2 things are missing')
    expect(t('home.due.daysLeft', 1)).toBe('1 day left')
    expect(t('home.due.daysLeft', 27)).toBe('27 days left')
    expect(t('records.books.intro', 1, { year: 2026 })).toBe('One book per kind of meeting. 1 record so far in 2026.')
    expect(t('branch.roster.peopleCount', 23)).toBe('23 people')
  })

  it('Chinese keeps its one form whatever the count', async () => {
    await setLocale('zh-CN')
    expect(t('records.field.itemCount', 1)).toBe(t('records.field.itemCount', 2).replace('2', '1'))
    expect(t('home.due.daysLeft', 1)).toBe('还剩 1 天')
    expect(t('records.editor.missingTitle', 3)).toBe('还缺 3 项，暂不能完成')
  })
})
