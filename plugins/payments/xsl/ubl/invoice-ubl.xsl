<?xml version="1.0" encoding="UTF-8"?>
<!--
  A sent invoice or credit note (the model plugins/payments/ubl.c builds)
  as UBL 2.1 with the fields of EN 16931, Peppol BIS Billing 3.0:
  document type 380 (invoice) or 381 (credit note), both parties with
  their address and VAT number, the bank account (payment means 58, SEPA
  credit transfer), the VAT breakdown per rate (category S, or Z at 0 %),
  the totals and one line per invoice line, a line's discount as an
  allowance.  Amounts carry the document's currency.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:inv="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    xmlns:cn="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
    exclude-result-prefixes="inv cn">
<xsl:output method="xml" encoding="UTF-8" indent="yes"/>

<xsl:variable name="cur" select="/invoice/currency"/>
<xsl:variable name="credit" select="/invoice/@kind = 'credit'"/>

<xsl:template name="amount">
  <xsl:param name="name"/>
  <xsl:param name="v"/>
  <xsl:element name="cbc:{$name}" namespace="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
    <xsl:attribute name="currencyID"><xsl:value-of select="$cur"/></xsl:attribute>
    <xsl:value-of select="$v"/>
  </xsl:element>
</xsl:template>

<xsl:template name="category">
  <xsl:param name="rate"/>
  <cbc:ID><xsl:choose><xsl:when test="number($rate) = 0">Z</xsl:when><xsl:otherwise>S</xsl:otherwise></xsl:choose></cbc:ID>
  <cbc:Percent><xsl:value-of select="$rate"/></cbc:Percent>
  <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
</xsl:template>

<xsl:template name="party">
  <xsl:param name="p"/>
  <cac:Party>
    <cac:PartyName><cbc:Name><xsl:value-of select="$p/name"/></cbc:Name></cac:PartyName>
    <cac:PostalAddress>
      <xsl:if test="$p/line[1]"><cbc:StreetName><xsl:value-of select="$p/line[1]"/></cbc:StreetName></xsl:if>
      <xsl:if test="$p/line[2]"><cbc:AdditionalStreetName><xsl:value-of select="$p/line[2]"/></cbc:AdditionalStreetName></xsl:if>
      <xsl:if test="$p/line[3]"><cac:AddressLine><cbc:Line><xsl:value-of select="$p/line[3]"/></cbc:Line></cac:AddressLine></xsl:if>
      <cac:Country><cbc:IdentificationCode><xsl:choose>
        <xsl:when test="string-length($p/tax_id) &gt; 2 and translate(substring($p/tax_id, 1, 2), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '') = ''"><xsl:value-of select="substring($p/tax_id, 1, 2)"/></xsl:when>
        <xsl:otherwise>ZZ</xsl:otherwise></xsl:choose></cbc:IdentificationCode></cac:Country>
    </cac:PostalAddress>
    <xsl:if test="$p/tax_id">
      <cac:PartyTaxScheme><cbc:CompanyID><xsl:value-of select="$p/tax_id"/></cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    </xsl:if>
    <cac:PartyLegalEntity><cbc:RegistrationName><xsl:value-of select="$p/name"/></cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party>
</xsl:template>

<xsl:template name="body">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID><xsl:value-of select="/invoice/number"/></cbc:ID>
  <cbc:IssueDate><xsl:value-of select="/invoice/issue_date"/></cbc:IssueDate>
  <xsl:if test="not($credit) and /invoice/due_date"><cbc:DueDate><xsl:value-of select="/invoice/due_date"/></cbc:DueDate></xsl:if>
  <xsl:choose>
    <xsl:when test="$credit"><cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode></xsl:when>
    <xsl:otherwise><cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode></xsl:otherwise>
  </xsl:choose>
  <xsl:if test="/invoice/note"><cbc:Note><xsl:value-of select="/invoice/note"/></cbc:Note></xsl:if>
  <cbc:DocumentCurrencyCode><xsl:value-of select="$cur"/></cbc:DocumentCurrencyCode>
  <cbc:BuyerReference><xsl:value-of select="/invoice/buyer_reference"/></cbc:BuyerReference>
  <cac:AccountingSupplierParty><xsl:call-template name="party"><xsl:with-param name="p" select="/invoice/seller"/></xsl:call-template></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><xsl:call-template name="party"><xsl:with-param name="p" select="/invoice/buyer"/></xsl:call-template></cac:AccountingCustomerParty>
  <xsl:if test="/invoice/account">
    <cac:PaymentMeans>
      <cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
      <cbc:PaymentID><xsl:value-of select="/invoice/number"/></cbc:PaymentID>
      <cac:PayeeFinancialAccount>
        <cbc:ID><xsl:value-of select="/invoice/account/iban"/></cbc:ID>
        <cbc:Name><xsl:value-of select="/invoice/account/holder"/></cbc:Name>
        <xsl:if test="/invoice/account/bic"><cac:FinancialInstitutionBranch><cbc:ID><xsl:value-of select="/invoice/account/bic"/></cbc:ID></cac:FinancialInstitutionBranch></xsl:if>
      </cac:PayeeFinancialAccount>
    </cac:PaymentMeans>
  </xsl:if>
  <xsl:if test="/invoice/terms"><cac:PaymentTerms><cbc:Note><xsl:value-of select="/invoice/terms"/></cbc:Note></cac:PaymentTerms></xsl:if>
  <cac:TaxTotal>
    <xsl:call-template name="amount"><xsl:with-param name="name">TaxAmount</xsl:with-param><xsl:with-param name="v" select="/invoice/tax"/></xsl:call-template>
    <xsl:for-each select="/invoice/taxes/tax">
      <cac:TaxSubtotal>
        <xsl:call-template name="amount"><xsl:with-param name="name">TaxableAmount</xsl:with-param><xsl:with-param name="v" select="taxable"/></xsl:call-template>
        <xsl:call-template name="amount"><xsl:with-param name="name">TaxAmount</xsl:with-param><xsl:with-param name="v" select="amount"/></xsl:call-template>
        <cac:TaxCategory><xsl:call-template name="category"><xsl:with-param name="rate" select="rate"/></xsl:call-template></cac:TaxCategory>
      </cac:TaxSubtotal>
    </xsl:for-each>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <xsl:call-template name="amount"><xsl:with-param name="name">LineExtensionAmount</xsl:with-param><xsl:with-param name="v" select="/invoice/net"/></xsl:call-template>
    <xsl:call-template name="amount"><xsl:with-param name="name">TaxExclusiveAmount</xsl:with-param><xsl:with-param name="v" select="/invoice/net"/></xsl:call-template>
    <xsl:call-template name="amount"><xsl:with-param name="name">TaxInclusiveAmount</xsl:with-param><xsl:with-param name="v" select="/invoice/total"/></xsl:call-template>
    <xsl:call-template name="amount"><xsl:with-param name="name">PrepaidAmount</xsl:with-param><xsl:with-param name="v" select="/invoice/prepaid"/></xsl:call-template>
    <xsl:call-template name="amount"><xsl:with-param name="name">PayableAmount</xsl:with-param><xsl:with-param name="v" select="/invoice/payable"/></xsl:call-template>
  </cac:LegalMonetaryTotal>
  <xsl:for-each select="/invoice/lines/line">
    <xsl:element name="{concat('cac:', substring('InvoiceLine', 1, 11 * number(not($credit))), substring('CreditNoteLine', 1, 14 * number($credit)))}" namespace="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2">
      <cbc:ID><xsl:value-of select="id"/></cbc:ID>
      <xsl:element name="{concat('cbc:', substring('InvoicedQuantity', 1, 16 * number(not($credit))), substring('CreditedQuantity', 1, 16 * number($credit)))}" namespace="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
        <xsl:attribute name="unitCode">C62</xsl:attribute>
        <xsl:value-of select="qty"/>
      </xsl:element>
      <xsl:call-template name="amount"><xsl:with-param name="name">LineExtensionAmount</xsl:with-param><xsl:with-param name="v" select="net"/></xsl:call-template>
      <xsl:if test="allowance">
        <cac:AllowanceCharge>
          <cbc:ChargeIndicator>false</cbc:ChargeIndicator>
          <cbc:AllowanceChargeReasonCode>95</cbc:AllowanceChargeReasonCode>
          <xsl:call-template name="amount"><xsl:with-param name="name">Amount</xsl:with-param><xsl:with-param name="v" select="allowance"/></xsl:call-template>
        </cac:AllowanceCharge>
      </xsl:if>
      <cac:Item>
        <cbc:Name><xsl:value-of select="name"/></cbc:Name>
        <cac:ClassifiedTaxCategory><xsl:call-template name="category"><xsl:with-param name="rate" select="rate"/></xsl:call-template></cac:ClassifiedTaxCategory>
      </cac:Item>
      <cac:Price>
        <xsl:call-template name="amount"><xsl:with-param name="name">PriceAmount</xsl:with-param><xsl:with-param name="v" select="price"/></xsl:call-template>
      </cac:Price>
    </xsl:element>
  </xsl:for-each>
</xsl:template>

<xsl:template match="/">
  <xsl:choose>
    <xsl:when test="$credit">
      <CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"><xsl:call-template name="body"/></CreditNote>
    </xsl:when>
    <xsl:otherwise>
      <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><xsl:call-template name="body"/></Invoice>
    </xsl:otherwise>
  </xsl:choose>
</xsl:template>
</xsl:stylesheet>
