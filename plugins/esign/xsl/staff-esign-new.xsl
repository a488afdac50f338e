<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Send a PDF for signature. -->
  <xsl:template match="content" mode="page">
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/staff/esign">Signatures</a></nav>
    <h1>Send a document for signature</h1>
    <form method="post" action="{$base}/staff/esign/new" enctype="multipart/form-data" class="stack">
      <xsl:call-template name="csrf"/>
      <xsl:variable name="c" select="form/field[@name='client']"/>
      <div>
        <xsl:attribute name="class">field<xsl:if test="$c/@error"> has-error</xsl:if></xsl:attribute>
        <label for="f-client">Client</label>
        <select id="f-client" name="client">
          <xsl:for-each select="clients/client">
            <option value="{id}"><xsl:if test="$c/@value = id"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
          </xsl:for-each>
        </select>
        <xsl:if test="$c/@error"><p class="error"><xsl:value-of select="$c/@error"/></p></xsl:if>
      </div>
      <xsl:call-template name="field"><xsl:with-param name="name">title</xsl:with-param><xsl:with-param name="label">Title</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
      <xsl:call-template name="field"><xsl:with-param name="name">pdf</xsl:with-param><xsl:with-param name="label">PDF</xsl:with-param><xsl:with-param name="type">file</xsl:with-param></xsl:call-template>
      <xsl:call-template name="field"><xsl:with-param name="name">signers</xsl:with-param><xsl:with-param name="label">Signers</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="required" select="true()"/>
        <xsl:with-param name="hint">One a line: GROUP ROLE EMAIL [NAME]. Group 1 signs first (in parallel), then group 2. ROLE is signer, approver or viewer. An address of someone outside the site needs their name.</xsl:with-param></xsl:call-template>
      <xsl:call-template name="field"><xsl:with-param name="name">fields</xsl:with-param><xsl:with-param name="label">Fields on the document (optional)</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param>
        <xsl:with-param name="hint">One a line: SIGNER KIND PAGE X Y WIDTH HEIGHT [required|optional] [LABEL]. SIGNER is the signer's line above (1 for the first); KIND is signature, initials, date, name or text; the box is in points (1/72 inch) from the page's top-left corner. Without fields each signature goes on the audit certificate page only.</xsl:with-param></xsl:call-template>
      <xsl:call-template name="field"><xsl:with-param name="name">message</xsl:with-param><xsl:with-param name="label">Message to the signers</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param></xsl:call-template>
      <xsl:call-template name="field"><xsl:with-param name="name">expires_on</xsl:with-param><xsl:with-param name="label">Sign by (default: in 30 days)</xsl:with-param><xsl:with-param name="type">date</xsl:with-param></xsl:call-template>
      <p><button type="submit" class="primary">Send for signature</button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
