// The page's words in English, Russian and Kyrgyz; `t(key, values)` fills {name} placeholders.
'use strict';
const MESSAGES = {
  en: {
    title: 'RoadGeo road reports', hint: 'Tap a road to report a defect. Reports snap to the road and merge with nearby duplicates.',
    noReport: 'No report yet.', moderator: 'Moderator', name: 'name', password: 'password', logIn: 'Log in', logOut: 'Log out',
    road: 'road', underWarranty: 'repaired, under warranty', repaired: 'repaired', planned: 'planned / in progress',
    reportLegend: 'report (size: votes)', cluster: 'cluster', reportHere: 'Report a defect here', report: 'Report',
    pothole: 'pothole', crack: 'crack', rutting: 'rutting', drainage: 'drainage', marking: 'marking', sign: 'sign', lighting: 'lighting', other: 'other',
    snapped: 'Report #{id} ({category}) on {road} at chainage {chainage}, {distance} m from the tap.',
    merged: 'Merged with report(s) #{ids}.', fresh: 'No duplicate nearby: a new report.',
    warranty: 'Under warranty: section #{id} ({contractor}).', notReported: 'Not reported: {message}',
    pendingItem: 'Not sent yet: {category} at {lat}, {lon} ({reason})', retry: 'Retry', discard: 'Discard',
    offline: 'no connection', votes: 'votes {n}', vote: '+1', voted: 'Report #{id} now has {n} vote(s).',
    voteRefused: 'Vote refused: {message}', zoomIn: '{n} reports (zoom in)',
    section: 'Repair section #{id}', status: 'status', cost: 'cost', contractor: 'contractor', year: 'year',
    warrantyUntil: 'warranty until', procurement: 'procurement', markRepaired: 'Mark repaired',
    markedRepaired: 'Section #{id} marked repaired; {n} report(s) closed.', loginFailed: 'Login failed: {message}',
    stats: '{roads} roads, {open} open reports in {groups} duplicate groups, {sections} sections.', unnamed: 'road {id}',
    hide: 'Hide', hidden: 'Report #{id} hidden.', photo: 'Photo:', photoAdded: 'Photo {n} attached (its EXIF removed).', photoRefused: 'Photo not attached: {message}',
  },
  ru: {
    title: 'RoadGeo: дорожные обращения', hint: 'Коснитесь дороги, чтобы сообщить о дефекте. Обращение привязывается к дороге и объединяется с соседними дубликатами.',
    noReport: 'Обращений пока нет.', moderator: 'Модератор', name: 'имя', password: 'пароль', logIn: 'Войти', logOut: 'Выйти',
    road: 'дорога', underWarranty: 'отремонтирована, на гарантии', repaired: 'отремонтирована', planned: 'запланирован / идёт ремонт',
    reportLegend: 'обращение (размер: голоса)', cluster: 'группа', reportHere: 'Сообщить о дефекте здесь', report: 'Отправить',
    pothole: 'яма', crack: 'трещина', rutting: 'колея', drainage: 'водоотвод', marking: 'разметка', sign: 'знак', lighting: 'освещение', other: 'другое',
    snapped: 'Обращение №{id} ({category}): {road}, пикет {chainage}, {distance} м от касания.',
    merged: 'Объединено с обращениями №{ids}.', fresh: 'Рядом дубликатов нет: новое обращение.',
    warranty: 'На гарантии: участок №{id} ({contractor}).', notReported: 'Не отправлено: {message}',
    pendingItem: 'Ещё не отправлено: {category}, {lat}, {lon} ({reason})', retry: 'Повторить', discard: 'Удалить',
    offline: 'нет связи', votes: 'голосов {n}', vote: '+1', voted: 'У обращения №{id} теперь {n} голос(ов).',
    voteRefused: 'Голос не принят: {message}', zoomIn: '{n} обращений (приблизьте)',
    section: 'Участок ремонта №{id}', status: 'статус', cost: 'стоимость', contractor: 'подрядчик', year: 'год',
    warrantyUntil: 'гарантия до', procurement: 'закупка', markRepaired: 'Отметить отремонтированным',
    markedRepaired: 'Участок №{id} отмечен отремонтированным; закрыто обращений: {n}.', loginFailed: 'Вход не выполнен: {message}',
    stats: 'Дорог: {roads}, открытых обращений: {open} в {groups} группах, участков: {sections}.', unnamed: 'дорога {id}',
    hide: 'Скрыть', hidden: 'Обращение №{id} скрыто.', photo: 'Фото:', photoAdded: 'Фото {n} прикреплено (EXIF удалён).', photoRefused: 'Фото не прикреплено: {message}',
  },
  ky: {
    title: 'RoadGeo: жол боюнча кайрылуулар', hint: 'Кемчилик тууралуу билдирүү үчүн жолду басыңыз. Кайрылуу жолго байланып, жанындагы кайталоолор менен бириктирилет.',
    noReport: 'Азырынча кайрылуу жок.', moderator: 'Модератор', name: 'аты', password: 'сырсөз', logIn: 'Кирүү', logOut: 'Чыгуу',
    road: 'жол', underWarranty: 'оңдолгон, кепилдикте', repaired: 'оңдолгон', planned: 'пландалган / оңдолууда',
    reportLegend: 'кайрылуу (өлчөмү: добуштар)', cluster: 'топ', reportHere: 'Бул жерде кемчилик тууралуу билдирүү', report: 'Жөнөтүү',
    pothole: 'чуңкур', crack: 'жарака', rutting: 'жол оюгу', drainage: 'суу агызуу', marking: 'белги сызыгы', sign: 'жол белгиси', lighting: 'жарык', other: 'башка',
    snapped: '№{id} кайрылуу ({category}): {road}, пикет {chainage}, басылган жерден {distance} м.',
    merged: '№{ids} кайрылуулар менен бириктирилди.', fresh: 'Жанында кайталоо жок: жаңы кайрылуу.',
    warranty: 'Кепилдикте: №{id} участок ({contractor}).', notReported: 'Жөнөтүлгөн жок: {message}',
    pendingItem: 'Азырынча жөнөтүлө элек: {category}, {lat}, {lon} ({reason})', retry: 'Кайра жөнөтүү', discard: 'Өчүрүү',
    offline: 'байланыш жок', votes: 'добуш {n}', vote: '+1', voted: '№{id} кайрылууда азыр {n} добуш.',
    voteRefused: 'Добуш кабыл алынган жок: {message}', zoomIn: '{n} кайрылуу (жакындатыңыз)',
    section: '№{id} оңдоо участогу', status: 'абалы', cost: 'баасы', contractor: 'мердигер', year: 'жылы',
    warrantyUntil: 'кепилдик мөөнөтү', procurement: 'сатып алуу', markRepaired: 'Оңдолду деп белгилөө',
    markedRepaired: '№{id} участок оңдолду деп белгиленди; жабылган кайрылуулар: {n}.', loginFailed: 'Кирүү ишке ашкан жок: {message}',
    stats: 'Жолдор: {roads}, ачык кайрылуулар: {open} ({groups} топто), участоктор: {sections}.', unnamed: '{id} жолу',
    hide: 'Жашыруу', hidden: '№{id} кайрылуу жашырылды.', photo: 'Сүрөт:', photoAdded: '{n}-сүрөт тиркелди (EXIF өчүрүлдү).', photoRefused: 'Сүрөт тиркелген жок: {message}',
  },
};

let language = localStorage.getItem('roadgeo.language') || (navigator.language || 'en').slice(0, 2);
if (!MESSAGES[language]) language = 'en';

function t(key, values) {
  const text = (MESSAGES[language] && MESSAGES[language][key]) || MESSAGES.en[key] || key;
  return text.replace(/\{(\w+)\}/g, (_, k) => (values && values[k] !== undefined ? values[k] : ''));
}

function applyLanguage() {
  document.documentElement.lang = language;
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  const select = document.getElementById('language');
  if (select) select.value = language;
}
