// The 国务院办公厅 notices behind each year of the national holiday schedule. URLs are those chinese-days cites in
// its src/holidays/generate.ts; 文号 and dates for 2019–2026 were checked against reprints of the notices
// (wikisource, 首都之窗 beijing.gov.cn, 人民日报/新华社 copies). Older 文号 are left null rather than guessed.
import type { HolidayNotice } from '../domain/calendar/index.ts';

const title = (y: number) => `国务院办公厅关于${y}年部分节假日安排的通知`;
const UNCHECKED_TITLE = '标题按惯例填写，未与原件逐字核对';

/** schedule year → notices (the year's own notice first, then amendments). */
export const NOTICES: Readonly<Record<number, readonly HolidayNotice[]>> = {
  2026: [
    {
      title: title(2026),
      docNumber: '国办发明电〔2025〕7号',
      url: 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm',
      published: '2025-11-04',
    },
  ],
  2025: [
    {
      title: title(2025),
      docNumber: '国办发明电〔2024〕12号',
      url: 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm',
      published: '2024-11-12',
      note: '与《全国年节及纪念日放假办法》2024年11月修订同时发布，自2025年起春节、劳动节各增加1天',
    },
  ],
  2024: [
    {
      title: title(2024),
      docNumber: '国办发明电〔2023〕7号',
      url: 'https://www.gov.cn/zhengce/content/202310/content_6911527.htm',
      published: '2023-10-25',
    },
  ],
  2023: [
    {
      title: title(2023),
      docNumber: '国办发明电〔2022〕16号',
      url: 'http://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm',
      published: '2022-12-08',
    },
  ],
  2022: [
    {
      title: title(2022),
      docNumber: '国办发明电〔2021〕11号',
      url: 'http://www.gov.cn/zhengce/content/2021-10/25/content_5644835.htm',
      published: '2021-10-25',
    },
  ],
  2021: [
    {
      title: title(2021),
      docNumber: '国办发明电〔2020〕27号',
      url: 'http://www.gov.cn/zhengce/content/2020-11/25/content_5564127.htm',
      published: '2020-11-25',
    },
  ],
  2020: [
    {
      title: title(2020),
      docNumber: '国办发明电〔2019〕16号',
      url: 'http://www.gov.cn/zhengce/content/2019-11/21/content_5454164.htm',
      published: '2019-11-21',
    },
    {
      title: '国务院办公厅关于延长2020年春节假期的通知',
      docNumber: '国办发明电〔2020〕1号',
      url: 'http://www.gov.cn/zhengce/content/2020-01/27/content_5472352.htm',
      published: '2020-01-27',
      note: '春节假期延长至2月2日，原定2月1日（星期六）上班取消；成文日期2020年1月26日',
    },
  ],
  2019: [
    {
      title: title(2019),
      docNumber: '国办发明电〔2018〕15号',
      url: 'http://www.gov.cn/xinwen/2018-12/06/content_5346287.htm',
      published: '2018-12-06',
      note: '成文日期2018年12月4日；含2018年12月29日上班、12月30日至31日放假',
    },
    {
      title: '国务院办公厅关于调整2019年劳动节假期安排的通知',
      docNumber: '国办发明电〔2019〕3号',
      url: 'http://www.gov.cn/zhengce/content/2019-03/22/content_5375877.htm',
      published: '2019-03-22',
      note: '劳动节改为5月1日至4日，4月28日、5月5日上班',
    },
  ],
  2018: [
    {
      title: title(2018),
      docNumber: null,
      url: 'http://www.gov.cn/zhengce/content/2017-11/30/content_5243579.htm',
      published: '2017-11-30',
    },
  ],
  2017: [
    {
      title: title(2017),
      docNumber: null,
      url: 'http://www.gov.cn/zhengce/content/2016-12/01/content_5141603.htm',
      published: '2016-12-01',
    },
  ],
  2016: [
    {
      title: title(2016),
      docNumber: null,
      url: 'http://www.gov.cn/zhengce/content/2015-12/10/content_10394.htm',
      published: '2015-12-10',
    },
  ],
  2015: [
    {
      title: title(2015),
      docNumber: null,
      url: 'http://www.gov.cn/zhengce/content/2014-12/16/content_9302.htm',
      published: '2014-12-16',
    },
    {
      title: '国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知',
      docNumber: null,
      url: 'http://www.gov.cn/zhengce/content/2015-05/13/content_9742.htm',
      published: '2015-05-13',
      note: '9月3日至5日放假调休，9月6日（星期日）上班',
    },
  ],
  2014: [
    {
      title: title(2014),
      docNumber: null,
      url: 'http://www.gov.cn/zwgk/2013-12/11/content_2546204.htm',
      published: '2013-12-11',
    },
  ],
  2013: [
    {
      title: title(2013),
      docNumber: null,
      url: 'http://www.gov.cn/zwgk/2012-12/10/content_2286598.htm',
      published: '2012-12-10',
    },
  ],
  2012: [
    {
      title: title(2012),
      docNumber: null,
      url: 'http://www.gov.cn/zwgk/2011-12/06/content_2012097.htm',
      published: '2011-12-06',
    },
  ],
  2011: [
    {
      title: title(2011),
      docNumber: null,
      url: 'http://www.gov.cn/zwgk/2010-12/10/content_1762643.htm',
      published: '2010-12-10',
    },
  ],
  2010: [
    {
      title: title(2010),
      docNumber: null,
      url: 'http://www.gov.cn/zwgk/2009-12/08/content_1482691.htm',
      published: '2009-12-08',
    },
  ],
  2009: [
    {
      title: title(2009),
      docNumber: null,
      url: 'http://www.gov.cn/zwgk/2008-12/10/content_1174014.htm',
      published: '2008-12-10',
    },
  ],
  2008: [
    {
      title: title(2008),
      docNumber: null,
      url: 'http://www.gov.cn/zwgk/2007-12/18/content_837184.htm',
      published: '2007-12-18',
    },
  ],
  2007: [
    {
      title: title(2007),
      docNumber: null,
      url: 'http://www.gov.cn/fwxx/sh/2006-12/18/content_471877.htm',
      published: '2006-12-18',
      note: UNCHECKED_TITLE,
    },
  ],
  2006: [
    {
      title: title(2006),
      docNumber: null,
      url: 'http://www.gov.cn/jrzg/2005-12/22/content_133837.htm',
      published: '2005-12-22',
      note: UNCHECKED_TITLE,
    },
  ],
  2005: [
    {
      title: title(2005),
      docNumber: null,
      url: null,
      published: null,
      note: `${UNCHECKED_TITLE}；chinese-days 所据为网络转载（zhidao.baidu.com/question/2299098.html），未见 gov.cn 原件`,
    },
  ],
  2004: [
    {
      title: title(2004),
      docNumber: null,
      url: 'https://zh.wikisource.org/zh-hans/国务院办公厅关于2004年部分节假日安排的通知',
      published: null,
      note: '维基文库转录，未见 gov.cn 原件',
    },
  ],
};
