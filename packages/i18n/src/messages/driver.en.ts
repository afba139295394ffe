// The driver pages' English: the source catalogue every other language translates (driver.hi.ts).
// Keys are grouped by page area; {name} is filled at the call.

export const driverEn = {
  // Shell, switch, errors
  'shell.testMode': 'Test mode: payments here are simulated and no real money is taken.',
  'shell.language': 'Language',
  'notFound.title': 'Page not found',
  'notFound.body': 'This charger or session link does not exist here. Check the code on the charger and scan it again.',
  'error.title': 'Something went wrong',
  'error.body': 'This page could not be loaded. Please try again in a moment.',
  'error.retry': 'Try again',

  // Availability
  'state.available': 'Available',
  'state.busy': 'In use',
  'state.faulted': 'Faulted',
  'state.offline': 'Offline',
  'state.unavailable': 'Unavailable',
  'availability.offline': 'This charger is offline right now. Please do not pay; try another connector.',
  'availability.faulted': 'This connector reports a fault and cannot charge.',
  'availability.outOfService': 'This connector is out of service.',
  'availability.busy': 'Someone is charging here. Please wait or pick another connector.',
  'availability.reserved': 'This connector is reserved.',
  'availability.noPrice': 'No price is set for this connector yet.',
  'availability.pluggedIn': 'Plugged in and ready.',
  'availability.ready': 'Ready: plug in, then pay.',
  'availability.charging': 'You are charging here: your session is above.',

  // Connector page
  'connector.title': 'Charge here',
  'connector.yourSession': 'Your session',
  'connector.lastSession': 'Your last session here: see the bill',
  'connector.priceNow': 'Price now',
  'connector.perKwh': '{price}/kWh',
  'connector.plusGst': '{price} + {rate}% GST',
  'connector.maxPower': 'Max power',
  'connector.code': 'Code {code}',
  'connector.noPayments.title': 'Payments are not set up here yet',
  'connector.noPayments.body':
    '{operator} cannot take payments at this charger yet, so charging cannot be started by paying here. Nothing has been charged. Please contact the operator.',
  'prices.title': 'Prices (incl. GST)',
  'prices.now': 'Now',
  'prices.also': 'Also: {item}',

  // Expected power in peak windows
  'peak.title': 'Power in peak hours',
  'peak.line': 'Between {from} and {to} this charger delivers about {kw} kW ({label}).',
  'peak.lineOn': '{day}, between {from} and {to} this charger delivers about {kw} kW ({label}).',

  // Pay form
  'pay.formLabel': 'Pay and charge',
  'pay.tab.amount': 'Amount (₹)',
  'pay.tab.energy': 'Energy (kWh)',
  'pay.range': '{min} to {max}',
  'pay.amountRange': 'Prepay {range}. Unused money is refunded automatically.',
  'pay.amountInput': 'Or enter an amount (₹)',
  'pay.amountInvalid': 'Enter an amount between {min} and {max}.',
  'pay.amountCapped': 'Enough for more than this connector delivers in {hours} hours (about {energy}).',
  'pay.amountEstimate': 'Up to about {energy} at the prices that apply from now.',
  'pay.energyRange': 'Choose {min} to {max} kWh; the price must come to {range}.',
  'pay.energyInput': 'Or enter kWh',
  'pay.energyInvalid': 'Enter an energy between {min} and {max} kWh.',
  'pay.energyCapped': 'More than this connector delivers in {hours} hours (about {energy}).',
  'pay.energyEstimate': 'About {cost} incl. GST at the prices that apply from now.',
  'pay.email': 'Email for the receipt (optional)',
  'pay.submitAmount': 'Pay {amount} with UPI',
  'pay.submit': 'Pay with UPI',
  'pay.failed': 'Payment could not start',
  'pay.gatewayLoadFailed': 'Could not load the payment page',

  // PIN
  'pin.open': 'Have a PIN from the operator?',
  'pin.formLabel': 'Start with a PIN',
  'pin.label': 'PIN',
  'pin.submit': 'Start with PIN',
  'pin.rejected': 'The PIN was not accepted',

  // Live session
  'session.title': 'Your charging session',
  'session.status.AWAITING_PAYMENT': 'Waiting for your payment',
  'session.status.STARTING': 'Starting the charger…',
  'session.status.CHARGING': 'Charging',
  'session.status.START_FAILED': 'The charger did not start',
  'session.status.PAYMENT_FAILED': 'Payment failed',
  'session.status.SETTLED': 'Charging complete',
  'session.finishing': 'Finishing…',
  'session.plugIn': 'Plug in your car if you have not yet. This takes a few seconds.',
  'session.nothingTaken': 'No money was taken.',
  'session.completePayment': 'Complete the payment',
  'session.liveValues': 'Live values',
  'session.energy': 'Energy',
  'session.cost': 'Cost',
  'session.costSoFar': 'Cost so far',
  'session.power': 'Power',
  'session.battery': 'Battery',
  'session.time': 'Time',
  'session.prepaid': 'Prepaid',
  'session.limit': 'Limit',
  'session.stop': 'Stop charging',
  'session.stopping': 'Stopping…',
  'session.stopFailed': 'Could not stop',
  'session.refundingInFull': 'Your payment is being refunded in full.',
  'session.retryAmount': 'Try again: pay {amount}',
  'session.retry': 'Try the payment again',
  'session.backToCharger': 'Back to the charger',
  'support.needHelp': 'Need help?',

  // Bill
  'bill.title': 'Your bill',
  'bill.gst': 'GST ({rate}%)',
  'bill.gstPlain': 'GST',
  'bill.total': 'Total',
  'bill.taxable': 'Taxable value',
  'bill.chargesBeforeTax': 'Charges before tax',
  'bill.charges': 'Charges',
  'bill.sponsor': 'Paid by the sponsor ({taxable} + {gst} {tax})',
  'bill.writtenOff': 'Beyond your prepaid amount, waived',
  'bill.yourTaxable': 'Your taxable value',
  'bill.yourGst': 'Your {gst}',
  'bill.totalYouPay': 'Total you pay',
  'bill.paid': 'Paid',
  'bill.refunded': 'Refunded to you',
  'bill.notRefunded': 'Not refunded',
  'bill.pinStarted': 'Started with an operator PIN: billed to that account, nothing to pay here.',
  'bill.receiptOnItsWay': 'A receipt is on its way to {email}.',

  // Refunds
  'refund.processed': '{amount} has been refunded to your original payment method.',
  'refund.onItsWay':
    '{amount} is on its way back to your original payment method; banks usually take 5–7 working days.',
  'refund.belowMinimum':
    '{amount} of your prepaid amount was not refunded: it is below the {minimum} minimum refund of the payment gateway.',
  'refund.declined':
    'The refund of {amount} was declined by the payment gateway. The operator has been notified and will return it to you.',
  'adjustment.lead': "The charger's final reading came to {owed} less than you were charged",
  'adjustment.processed': '{lead}: {amount} has been refunded to your original payment method.',
  'adjustment.onItsWay':
    '{lead}: {amount} is on its way back to your original payment method; banks usually take 5–7 working days.',
  'adjustment.sending': '{lead}: it is being refunded to your original payment method.',
  'adjustment.belowMinimum':
    '{lead}; it was not refunded: it is below the {minimum} minimum refund of the payment gateway.',
  'adjustment.declined':
    '{lead}; the payment gateway declined the refund. The operator has been notified and will return it to you.',

  // Test gateway
  'testPay.title': 'Test payment',
  'testPay.banner': 'Test payment · no money moves',
  'testPay.invalid': 'This payment link is not valid or has expired. Go back and press Pay again.',
  'testPay.pay': 'Pay {operator}',
  'testPay.order': 'Order {order}',
  'testPay.approve': 'Approve payment',
  'testPay.decline': 'Decline',
} as const;

export type DriverMessages = typeof driverEn;
export type DriverKey = keyof DriverMessages;
