import type { Translation } from '../translate.ts';
import type { EmailMessages } from './email.en.ts';

// The driver emails in Hindi (Devanagari). Same keys and {placeholders} as email.en.ts.

export const emailHi: Translation<EmailMessages> = {
  'layout.questions': 'कोई सवाल? {email} पर लिखें',

  'refund.time': '5–7 कार्य दिवस',
  'refund.taxUnused':
    'रिफ़ंड पर कोई GST नहीं है: GST सिर्फ़ उतनी चार्जिंग पर लिया जाता है जितनी आपने इस्तेमाल की, जैसा ऊपर दिखाया गया है।',
  'refund.taxWhole': 'रिफ़ंड पर कोई GST नहीं है: कोई चार्जिंग नहीं दी गई, इसलिए कोई GST नहीं लिया गया।',

  'receipt.subject': '{operator} रसीद {number}: {energy} के लिए {amount}',
  'receipt.preview': 'आपकी चार्जिंग की रसीद: {amount}',
  'receipt.heading': '{operator} के साथ चार्ज करने के लिए धन्यवाद',
  'receipt.intro': 'यह आपके चार्जिंग सेशन की रसीद है।',
  'receipt.introRefund': 'यह आपके चार्जिंग सेशन की रसीद है, और बची हुई राशि के रिफ़ंड की जानकारी भी।',
  'receipt.receipt': 'रसीद',
  'receipt.charger': 'चार्जर',
  'receipt.started': 'शुरू हुआ',
  'receipt.ended': 'ख़त्म हुआ',
  'receipt.energy': 'दी गई ऊर्जा',
  'receipt.item': 'मद',
  'receipt.quantity': 'मात्रा',
  'receipt.unitPrice': 'इकाई दाम',
  'receipt.amount': 'राशि',
  'receipt.tax': 'कर',
  'receipt.gst': 'GST ({rate}%)',
  'receipt.taxable': 'कर योग्य मूल्य',
  'receipt.total': 'कुल',
  'receipt.chargesBeforeTax': 'कर से पहले शुल्क',
  'receipt.charges': 'शुल्क',
  'receipt.sponsorDefault': 'प्रायोजक द्वारा भुगतान',
  'receipt.writtenOff': 'आपकी अग्रिम राशि से ऊपर, माफ़',
  'receipt.yourTaxable': 'आपका कर योग्य मूल्य',
  'receipt.yourGst': 'आपका {gst}',
  'receipt.totalYouPay': 'आपको कुल देना है',
  'receipt.paidInAdvance': 'अग्रिम भुगतान',
  'receipt.refunded': 'आपको लौटाया गया',
  'receipt.refundReference': 'रिफ़ंड संदर्भ',
  'receipt.paymentReference': 'भुगतान संदर्भ',
  'receipt.notRefunded': 'नहीं लौटाया गया',
  'receipt.writtenOffNote':
    'सेशन आपकी अग्रिम राशि से आगे चला गया। उससे ऊपर के {amount} {operator} ने माफ़ कर दिए हैं: यह राशि आपसे नहीं ली जाएगी, और न ही उस पर कोई GST।',
  'receipt.belowMinimum': 'आपकी अग्रिम राशि में से {amount} नहीं लौटाए गए: यह पेमेंट गेटवे की न्यूनतम रिफ़ंड राशि {minimum} से कम है।',
  'receipt.declined':
    'बची हुई {amount} का रिफ़ंड पेमेंट गेटवे ने अस्वीकार कर दिया। ऑपरेटर को सूचित कर दिया गया है और वह यह राशि आपको लौटाएगा।',
  'receipt.refundNote':
    'आपकी अग्रिम राशि में से बचे {amount} आपके मूल भुगतान माध्यम में लौटाए जा रहे हैं; बैंक इसे दिखाने में आम तौर पर {time} लेते हैं। {tax}',
  'receipt.sessionButton': 'आपका सेशन',
  'receipt.sessionLink': 'यह लिंक इस सेशन को किसी भी फ़ोन या कंप्यूटर पर खोलता है।',
  'receipt.sessionLinkUntil': 'यह लिंक इस सेशन को {until} तक किसी भी फ़ोन या कंप्यूटर पर खोलता है।',

  'payment.subject': '{operator}: {amount} का भुगतान मिल गया',
  'payment.preview': 'हमें {amount} मिल गए',
  'payment.heading': 'भुगतान मिल गया',
  'payment.body': '{place} पर चार्जिंग के लिए आपका {amount} का भुगतान हमें मिल गया है।',
  'payment.amount': 'राशि',
  'payment.paidOn': 'भुगतान की तारीख़',
  'payment.reference': 'संदर्भ',
  'payment.method': 'माध्यम',
  'payment.gatewayReference': 'गेटवे संदर्भ',
  'payment.follow': 'अपना सेशन देखें',
  'payment.sessionLink': 'यह लिंक आपके सेशन को किसी भी फ़ोन या कंप्यूटर पर खोलता है।',
  'payment.sessionLinkUntil': 'यह लिंक आपके सेशन को {until} तक किसी भी फ़ोन या कंप्यूटर पर खोलता है।',

  'refundNotice.subject': '{operator}: {amount} लौटाए गए',
  'refundNotice.preview': '{amount} आपको लौटाए जा रहे हैं',
  'refundNotice.heading': 'आपका रिफ़ंड भेजा जा रहा है',
  'refundNotice.body': 'हमने {amount} आपके मूल भुगतान माध्यम में लौटा दिए हैं। {reason}',
  'refundNotice.refund': 'रिफ़ंड',
  'refundNotice.refundReference': 'रिफ़ंड संदर्भ',
  'refundNotice.paymentReference': 'भुगतान संदर्भ',
  'refundNotice.time': 'बैंक इसे आपके स्टेटमेंट में दिखाने में आम तौर पर {time} लेते हैं। {tax}',

  'refundFailed.subject': '{operator}: आपका {amount} का रिफ़ंड नहीं हो सका',
  'refundFailed.preview': '{amount} का रिफ़ंड विफल रहा; {operator} यह राशि आपको लौटाएगा',
  'refundFailed.heading': 'आपका रिफ़ंड नहीं हो सका',
  'refundFailed.body':
    'आपके मूल भुगतान माध्यम में {amount} का रिफ़ंड पेमेंट गेटवे पर विफल रहा। {operator} को सूचित कर दिया गया है और वह यह राशि आपको किसी और तरीके से लौटाएगा।',
  'refundFailed.notRefunded': 'नहीं लौटाया गया',
  'refundFailed.paymentReference': 'भुगतान संदर्भ',
};
