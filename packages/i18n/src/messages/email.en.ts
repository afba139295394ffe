// The driver emails' English (session receipt, payment receipt, refund notice, refund failed): the
// source catalogue email.hi.ts translates.

export const emailEn = {
  'layout.questions': 'Questions? Write to {email}',

  'refund.time': '5–7 working days',
  'refund.taxUnused': 'The refund carries no GST: GST is charged only on the charging you used, as shown above.',
  'refund.taxWhole': 'The refund carries no GST: no charging was supplied, so none was charged.',

  'receipt.subject': '{operator} receipt {number}: {amount} for {energy}',
  'receipt.preview': 'Your charging receipt: {amount}',
  'receipt.heading': 'Thanks for charging with {operator}',
  'receipt.intro': 'Here is the receipt for your charging session.',
  'receipt.introRefund': 'Here is the receipt for your charging session, and the refund of what it did not use.',
  'receipt.receipt': 'Receipt',
  'receipt.charger': 'Charger',
  'receipt.started': 'Started',
  'receipt.ended': 'Ended',
  'receipt.energy': 'Energy delivered',
  'receipt.item': 'Item',
  'receipt.quantity': 'Quantity',
  'receipt.unitPrice': 'Unit price',
  'receipt.amount': 'Amount',
  'receipt.tax': 'Tax',
  'receipt.gst': 'GST ({rate}%)',
  'receipt.taxable': 'Taxable value',
  'receipt.total': 'Total',
  'receipt.chargesBeforeTax': 'Charges before tax',
  'receipt.charges': 'Charges',
  'receipt.sponsorDefault': 'Paid by the sponsor',
  'receipt.writtenOff': 'Beyond your prepaid amount, waived',
  'receipt.yourTaxable': 'Your taxable value',
  'receipt.yourGst': 'Your {gst}',
  'receipt.totalYouPay': 'Total you pay',
  'receipt.paidInAdvance': 'Paid in advance',
  'receipt.refunded': 'Refunded to you',
  'receipt.refundReference': 'Refund reference',
  'receipt.paymentReference': 'Payment reference',
  'receipt.notRefunded': 'Not refunded',
  'receipt.writtenOffNote':
    'The session went past your prepaid amount. The {amount} beyond it is waived by {operator}: it is not charged to you, and no GST on it is charged to you either.',
  'receipt.belowMinimum':
    '{amount} of your prepaid amount was not refunded: it is below the {minimum} minimum refund of the payment gateway.',
  'receipt.declined':
    'The refund of the unused {amount} was declined by the payment gateway. The operator has been notified and will return it to you.',
  'receipt.refundNote':
    'The unused {amount} of your prepaid amount is on its way back to your original payment method; banks usually take {time} to show it. {tax}',
  'receipt.sessionButton': 'Your session',
  'receipt.sessionLink': 'It opens this session on any phone or computer.',
  'receipt.sessionLinkUntil': 'It opens this session on any phone or computer until {until}.',

  'payment.subject': '{operator}: payment of {amount} received',
  'payment.preview': 'We received {amount}',
  'payment.heading': 'Payment received',
  'payment.body': 'We received your payment of {amount} for charging at {place}.',
  'payment.amount': 'Amount',
  'payment.paidOn': 'Paid on',
  'payment.reference': 'Reference',
  'payment.method': 'Method',
  'payment.gatewayReference': 'Gateway reference',
  'payment.follow': 'Follow your session',
  'payment.sessionLink': 'It opens your session on any phone or computer.',
  'payment.sessionLinkUntil': 'It opens your session on any phone or computer until {until}.',

  'refundNotice.subject': '{operator}: {amount} refunded',
  'refundNotice.preview': '{amount} is on its way back to you',
  'refundNotice.heading': 'Your refund is on its way',
  'refundNotice.body': 'We have refunded {amount} to your original payment method. {reason}',
  'refundNotice.refund': 'Refund',
  'refundNotice.refundReference': 'Refund reference',
  'refundNotice.paymentReference': 'Payment reference',
  'refundNotice.time': 'Banks usually take {time} to show it on your statement. {tax}',

  'refundFailed.subject': '{operator}: your refund of {amount} did not go through',
  'refundFailed.preview': 'The refund of {amount} failed; {operator} will return it to you',
  'refundFailed.heading': 'Your refund did not go through',
  'refundFailed.body':
    'The refund of {amount} to your original payment method failed at the payment gateway. {operator} has been notified and will return it to you another way.',
  'refundFailed.notRefunded': 'Not refunded',
  'refundFailed.paymentReference': 'Payment reference',
} as const;

export type EmailMessages = typeof emailEn;
