// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest'
import type { CommitteeRole } from '@/domain/types'
import { pickingOrder, recentPeople, rememberPerson } from '@/app/services/pickingOrder'

const p = (name: string, committeeRole?: CommitteeRole) => ({ name, committeeRole })
const roster = [p('于振华'), p('高明'), p('林晓梅', 'organization'), p('曹静'), p('周建华', 'secretary'), p('孙志远', 'deputy-secretary'), p('马秀兰')]

describe('pickingOrder', () => {
  beforeEach(() => localStorage.clear())

  it('committee members by duty first, then everyone else by pinyin', () => {
    expect(pickingOrder(roster, []).map((m) => m.name)).toEqual(['周建华', '孙志远', '林晓梅', '曹静', '高明', '马秀兰', '于振华'])
  })

  it('people picked recently on this device come right after the committee, most recent first', () => {
    rememberPerson('于振华')
    rememberPerson('马秀兰')
    rememberPerson('周建华')
    expect(recentPeople()).toEqual(['周建华', '马秀兰', '于振华'])
    expect(pickingOrder(roster, recentPeople()).map((m) => m.name)).toEqual(['周建华', '孙志远', '林晓梅', '马秀兰', '于振华', '曹静', '高明'])
  })

  it('keeps eight recent names at most and survives a damaged entry', () => {
    for (let i = 0; i < 12; i++) rememberPerson(`人${i}`)
    expect(recentPeople()).toHaveLength(8)
    expect(recentPeople()[0]).toBe('人11')
    localStorage.setItem('branch-records.recent-people', '{not json')
    expect(recentPeople()).toEqual([])
  })
})
