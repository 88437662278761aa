/**
 * Counties and districts of Liaocheng (聊城市), where the alliance's vendors sit,
 * plus the city's development zones that the policy names as responsible units.
 */
export const COUNTIES = [
  { code: '371502', zh: '东昌府区', en: 'Dongchangfu District' },
  { code: '371503', zh: '茌平区', en: 'Chiping District' },
  { code: '371581', zh: '临清市', en: 'Linqing City' },
  { code: '371521', zh: '阳谷县', en: 'Yanggu County' },
  { code: '371522', zh: '莘县', en: 'Shen County' },
  { code: '371524', zh: '东阿县', en: "Dong'e County" },
  { code: '371525', zh: '冠县', en: 'Guan County' },
  { code: '371526', zh: '高唐县', en: 'Gaotang County' },
  { code: '371571', zh: '聊城经济技术开发区', en: 'Liaocheng Economic & Technological Development Zone' },
  { code: '371572', zh: '聊城高新技术产业开发区', en: 'Liaocheng High-tech Industrial Development Zone' },
  { code: '371573', zh: '江北水城旅游度假区', en: 'Jiangbei Shuicheng Tourist Resort' },
] as const;

export type CountyCode = (typeof COUNTIES)[number]['code'];
export const COUNTY_CODES = COUNTIES.map((c) => c.code) as [CountyCode, ...CountyCode[]];
