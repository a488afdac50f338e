/*
 * The ISO 4217 currencies with their exponents (include/atrium/money.h):
 * list one as published in 2025, every code in use for money (XCG in
 * place of ANG, ZWG in place of ZWL, SLE in place of SLL; HRK and CUC are
 * gone).  Left out: the codes without a minor unit (XAU, XAG, XPD, XPT,
 * XDR, XSU, XUA, the bond units XBA-XBD, XTS and XXX), which are not
 * amounts of money one invoices in.  BGN stays while lev amounts from
 * before Bulgaria's change to the euro still need showing.
 *
 * Symbols are given only where one symbol names one currency for English
 * readers (CLDR's "en" symbols); every other currency is written with its
 * code.  Sorted by code: at_currency() searches it with bsearch().
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <atrium/money.h>

static const struct at_currency currencies[] = {
	{ "AED", 2, "UAE Dirham", NULL },
	{ "AFN", 2, "Afghani", NULL },
	{ "ALL", 2, "Lek", NULL },
	{ "AMD", 2, "Armenian Dram", NULL },
	{ "AOA", 2, "Kwanza", NULL },
	{ "ARS", 2, "Argentine Peso", NULL },
	{ "AUD", 2, "Australian Dollar", "A$" },
	{ "AWG", 2, "Aruban Florin", NULL },
	{ "AZN", 2, "Azerbaijan Manat", NULL },
	{ "BAM", 2, "Convertible Mark", NULL },
	{ "BBD", 2, "Barbados Dollar", NULL },
	{ "BDT", 2, "Taka", NULL },
	{ "BGN", 2, "Bulgarian Lev", NULL },
	{ "BHD", 3, "Bahraini Dinar", NULL },
	{ "BIF", 0, "Burundi Franc", NULL },
	{ "BMD", 2, "Bermudian Dollar", NULL },
	{ "BND", 2, "Brunei Dollar", NULL },
	{ "BOB", 2, "Boliviano", NULL },
	{ "BOV", 2, "Mvdol", NULL },
	{ "BRL", 2, "Brazilian Real", "R$" },
	{ "BSD", 2, "Bahamian Dollar", NULL },
	{ "BTN", 2, "Ngultrum", NULL },
	{ "BWP", 2, "Pula", NULL },
	{ "BYN", 2, "Belarusian Ruble", NULL },
	{ "BZD", 2, "Belize Dollar", NULL },
	{ "CAD", 2, "Canadian Dollar", "CA$" },
	{ "CDF", 2, "Congolese Franc", NULL },
	{ "CHE", 2, "WIR Euro", NULL },
	{ "CHF", 2, "Swiss Franc", NULL },
	{ "CHW", 2, "WIR Franc", NULL },
	{ "CLF", 4, "Unidad de Fomento", NULL },
	{ "CLP", 0, "Chilean Peso", NULL },
	{ "CNY", 2, "Yuan Renminbi", "CN¥" },
	{ "COP", 2, "Colombian Peso", NULL },
	{ "COU", 2, "Unidad de Valor Real", NULL },
	{ "CRC", 2, "Costa Rican Colon", NULL },
	{ "CUP", 2, "Cuban Peso", NULL },
	{ "CVE", 2, "Cabo Verde Escudo", NULL },
	{ "CZK", 2, "Czech Koruna", NULL },
	{ "DJF", 0, "Djibouti Franc", NULL },
	{ "DKK", 2, "Danish Krone", NULL },
	{ "DOP", 2, "Dominican Peso", NULL },
	{ "DZD", 2, "Algerian Dinar", NULL },
	{ "EGP", 2, "Egyptian Pound", NULL },
	{ "ERN", 2, "Nakfa", NULL },
	{ "ETB", 2, "Ethiopian Birr", NULL },
	{ "EUR", 2, "Euro", "€" },
	{ "FJD", 2, "Fiji Dollar", NULL },
	{ "FKP", 2, "Falkland Islands Pound", NULL },
	{ "GBP", 2, "Pound Sterling", "£" },
	{ "GEL", 2, "Lari", NULL },
	{ "GHS", 2, "Ghana Cedi", NULL },
	{ "GIP", 2, "Gibraltar Pound", NULL },
	{ "GMD", 2, "Dalasi", NULL },
	{ "GNF", 0, "Guinean Franc", NULL },
	{ "GTQ", 2, "Quetzal", NULL },
	{ "GYD", 2, "Guyana Dollar", NULL },
	{ "HKD", 2, "Hong Kong Dollar", "HK$" },
	{ "HNL", 2, "Lempira", NULL },
	{ "HTG", 2, "Gourde", NULL },
	{ "HUF", 2, "Forint", NULL },
	{ "IDR", 2, "Rupiah", NULL },
	{ "ILS", 2, "New Israeli Sheqel", "₪" },
	{ "INR", 2, "Indian Rupee", "₹" },
	{ "IQD", 3, "Iraqi Dinar", NULL },
	{ "IRR", 2, "Iranian Rial", NULL },
	{ "ISK", 0, "Iceland Krona", NULL },
	{ "JMD", 2, "Jamaican Dollar", NULL },
	{ "JOD", 3, "Jordanian Dinar", NULL },
	{ "JPY", 0, "Yen", "¥" },
	{ "KES", 2, "Kenyan Shilling", NULL },
	{ "KGS", 2, "Som", NULL },
	{ "KHR", 2, "Riel", NULL },
	{ "KMF", 0, "Comorian Franc", NULL },
	{ "KPW", 2, "North Korean Won", NULL },
	{ "KRW", 0, "Won", "₩" },
	{ "KWD", 3, "Kuwaiti Dinar", NULL },
	{ "KYD", 2, "Cayman Islands Dollar", NULL },
	{ "KZT", 2, "Tenge", NULL },
	{ "LAK", 2, "Lao Kip", NULL },
	{ "LBP", 2, "Lebanese Pound", NULL },
	{ "LKR", 2, "Sri Lanka Rupee", NULL },
	{ "LRD", 2, "Liberian Dollar", NULL },
	{ "LSL", 2, "Loti", NULL },
	{ "LYD", 3, "Libyan Dinar", NULL },
	{ "MAD", 2, "Moroccan Dirham", NULL },
	{ "MDL", 2, "Moldovan Leu", NULL },
	{ "MGA", 2, "Malagasy Ariary", NULL },
	{ "MKD", 2, "Denar", NULL },
	{ "MMK", 2, "Kyat", NULL },
	{ "MNT", 2, "Tugrik", NULL },
	{ "MOP", 2, "Pataca", NULL },
	{ "MRU", 2, "Ouguiya", NULL },
	{ "MUR", 2, "Mauritius Rupee", NULL },
	{ "MVR", 2, "Rufiyaa", NULL },
	{ "MWK", 2, "Malawi Kwacha", NULL },
	{ "MXN", 2, "Mexican Peso", "MX$" },
	{ "MXV", 2, "Mexican Unidad de Inversion (UDI)", NULL },
	{ "MYR", 2, "Malaysian Ringgit", NULL },
	{ "MZN", 2, "Mozambique Metical", NULL },
	{ "NAD", 2, "Namibia Dollar", NULL },
	{ "NGN", 2, "Naira", "₦" },
	{ "NIO", 2, "Cordoba Oro", NULL },
	{ "NOK", 2, "Norwegian Krone", NULL },
	{ "NPR", 2, "Nepalese Rupee", NULL },
	{ "NZD", 2, "New Zealand Dollar", "NZ$" },
	{ "OMR", 3, "Rial Omani", NULL },
	{ "PAB", 2, "Balboa", NULL },
	{ "PEN", 2, "Sol", NULL },
	{ "PGK", 2, "Kina", NULL },
	{ "PHP", 2, "Philippine Peso", "₱" },
	{ "PKR", 2, "Pakistan Rupee", NULL },
	{ "PLN", 2, "Zloty", NULL },
	{ "PYG", 0, "Guarani", NULL },
	{ "QAR", 2, "Qatari Rial", NULL },
	{ "RON", 2, "Romanian Leu", NULL },
	{ "RSD", 2, "Serbian Dinar", NULL },
	{ "RUB", 2, "Russian Ruble", "₽" },
	{ "RWF", 0, "Rwanda Franc", NULL },
	{ "SAR", 2, "Saudi Riyal", NULL },
	{ "SBD", 2, "Solomon Islands Dollar", NULL },
	{ "SCR", 2, "Seychelles Rupee", NULL },
	{ "SDG", 2, "Sudanese Pound", NULL },
	{ "SEK", 2, "Swedish Krona", NULL },
	{ "SGD", 2, "Singapore Dollar", NULL },
	{ "SHP", 2, "Saint Helena Pound", NULL },
	{ "SLE", 2, "Leone", NULL },
	{ "SOS", 2, "Somali Shilling", NULL },
	{ "SRD", 2, "Surinam Dollar", NULL },
	{ "SSP", 2, "South Sudanese Pound", NULL },
	{ "STN", 2, "Dobra", NULL },
	{ "SVC", 2, "El Salvador Colon", NULL },
	{ "SYP", 2, "Syrian Pound", NULL },
	{ "SZL", 2, "Lilangeni", NULL },
	{ "THB", 2, "Baht", NULL },
	{ "TJS", 2, "Somoni", NULL },
	{ "TMT", 2, "Turkmenistan New Manat", NULL },
	{ "TND", 3, "Tunisian Dinar", NULL },
	{ "TOP", 2, "Pa’anga", NULL },
	{ "TRY", 2, "Turkish Lira", "₺" },
	{ "TTD", 2, "Trinidad and Tobago Dollar", NULL },
	{ "TWD", 2, "New Taiwan Dollar", "NT$" },
	{ "TZS", 2, "Tanzanian Shilling", NULL },
	{ "UAH", 2, "Hryvnia", "₴" },
	{ "UGX", 0, "Uganda Shilling", NULL },
	{ "USD", 2, "US Dollar", "$" },
	{ "USN", 2, "US Dollar (Next day)", NULL },
	{ "UYI", 0, "Uruguay Peso en Unidades Indexadas (UI)", NULL },
	{ "UYU", 2, "Peso Uruguayo", NULL },
	{ "UYW", 4, "Unidad Previsional", NULL },
	{ "UZS", 2, "Uzbekistan Sum", NULL },
	{ "VED", 2, "Bolívar Soberano", NULL },
	{ "VES", 2, "Bolívar Soberano", NULL },
	{ "VND", 0, "Dong", "₫" },
	{ "VUV", 0, "Vatu", NULL },
	{ "WST", 2, "Tala", NULL },
	{ "XAF", 0, "CFA Franc BEAC", NULL },
	{ "XCD", 2, "East Caribbean Dollar", NULL },
	{ "XCG", 2, "Caribbean Guilder", NULL },
	{ "XOF", 0, "CFA Franc BCEAO", NULL },
	{ "XPF", 0, "CFP Franc", NULL },
	{ "YER", 2, "Yemeni Rial", NULL },
	{ "ZAR", 2, "Rand", NULL },
	{ "ZMW", 2, "Zambian Kwacha", NULL },
	{ "ZWG", 2, "Zimbabwe Gold", NULL },
};

/* Orders a code against a table entry for bsearch(). */
static int
cur_cmp(const void *key, const void *elem)
{
	const struct at_currency *c = elem;

	return strcmp(key, c->code);
}

/*
 * The currency with this code (three upper-case ASCII letters), or NULL.
 * Static memory.
 */
const struct at_currency *
at_currency(const char *code)
{
	size_t	 i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < 3; i++)
		if (code[i] < 'A' || code[i] > 'Z')
			return NULL;
	if (code[3] != '\0')
		return NULL;
	return bsearch(code, currencies, sizeof(currencies) /
	    sizeof(currencies[0]), sizeof(currencies[0]), cur_cmp);
}

/* The whole table in code order; *n gets its length.  Static memory. */
const struct at_currency *
at_currencies(size_t *n)
{
	*n = sizeof(currencies) / sizeof(currencies[0]);
	return currencies;
}
