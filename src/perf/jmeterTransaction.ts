/**
 * How JMeter's Transaction Controller words the response message of the sample it writes for a
 * transaction ("Number of samples in transaction : 2, number of failing samples : 1"), in CSV and
 * XML alike, when it does not generate a parent sample. That sample's time is the sum of the
 * requests inside it, which are written as samples of their own: counting both in the run's totals
 * would count every request, and every error, twice.
 */
export const TRANSACTION_MESSAGE = 'Number of samples in transaction';
