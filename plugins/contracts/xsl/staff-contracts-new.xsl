<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/contracts/xsl/contracts-common.xsl"/>
  <!-- A new contract or amendment: client and template first, then the details. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="n" select="new"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/staff/contracts">Contracts</a></nav>
    <h1><xsl:choose><xsl:when test="$n/@amends != '0'">New amendment of “<xsl:value-of select="$n/amends_title"/>”</xsl:when><xsl:otherwise>New contract</xsl:otherwise></xsl:choose></h1>
    <xsl:if test="$n/@client = '0' or $n/@amends = '0'">
      <form method="get" action="{$base}/staff/contracts/new" class="filter">
        <div class="field"><label for="f-pick-client">Client</label>
          <select id="f-pick-client" name="client">
            <xsl:for-each select="clients/client"><option value="{id}"><xsl:if test="id = $n/@client"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option></xsl:for-each>
          </select></div>
        <div class="field"><label for="f-pick-template">Template</label>
          <select id="f-pick-template" name="template"><option value="0">None: write it</option>
            <xsl:for-each select="templates/template"><option value="{id}"><xsl:if test="id = $n/@template"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option></xsl:for-each>
          </select></div>
        <xsl:if test="$n/@amends != '0'"><input type="hidden" name="amends" value="{$n/@amends}"/></xsl:if>
        <p><button type="submit">Choose</button></p>
      </form>
    </xsl:if>
    <xsl:if test="$n/@client != '0'">
      <xsl:if test="$n/problem"><p class="error" role="alert"><xsl:value-of select="$n/problem"/></p></xsl:if>
      <xsl:variable name="tf" select="/atrium/content/form/field[@name = 'template']/@error"/>
      <xsl:if test="$tf"><p class="error" role="alert"><xsl:value-of select="$tf"/></p></xsl:if>
      <form method="post" action="{$base}/staff/contracts/new" class="stack">
        <xsl:call-template name="csrf"/>
        <input type="hidden" name="client" value="{$n/@client}"/>
        <input type="hidden" name="template" value="{$n/@template}"/>
        <input type="hidden" name="amends" value="{$n/@amends}"/>
        <p>Client: <strong><xsl:value-of select="clients/client[id = $n/@client]/name"/></strong>
          <xsl:if test="$n/template_name"> · Template: <strong><xsl:value-of select="$n/template_name"/></strong></xsl:if></p>
        <xsl:call-template name="field"><xsl:with-param name="name">title</xsl:with-param><xsl:with-param name="label">Title</xsl:with-param><xsl:with-param name="value" select="$n/template_name"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
        <div class="field"><label for="f-project">Project</label>
          <select id="f-project" name="project"><option value="">None</option>
            <xsl:for-each select="projects/project"><option value="{id}"><xsl:if test="id = /atrium/content/form/field[@name = 'project']/@value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option></xsl:for-each>
          </select>
          <xsl:if test="/atrium/content/form/field[@name = 'project']/@error"><p class="error"><xsl:value-of select="/atrium/content/form/field[@name = 'project']/@error"/></p></xsl:if></div>
        <xsl:for-each select="$n/custom/field">
          <xsl:call-template name="field"><xsl:with-param name="name" select="@input"/><xsl:with-param name="label" select="substring-after(., 'custom.')"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
        </xsl:for-each>
        <xsl:if test="$n/@template = '0'">
          <xsl:call-template name="field"><xsl:with-param name="name">body</xsl:with-param><xsl:with-param name="label">Text (Markdown; merge fields allowed)</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
        </xsl:if>
        <xsl:call-template name="field"><xsl:with-param name="name">address</xsl:with-param><xsl:with-param name="label">Client's address</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="value" select="$n/address"/><xsl:with-param name="hint">For {{client.address}}; kept for the client's next contracts.</xsl:with-param></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">fees</xsl:with-param><xsl:with-param name="label">Fee lines</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="hint">One a line: Description | amount, e.g. Design | 4,500.00</xsl:with-param></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">currency</xsl:with-param><xsl:with-param name="label">Currency</xsl:with-param><xsl:with-param name="value">EUR</xsl:with-param></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">deposit</xsl:with-param><xsl:with-param name="label">Deposit on signing (%)</xsl:with-param><xsl:with-param name="type">number</xsl:with-param><xsl:with-param name="hint">Invoiced when the contract is signed; 0 or empty: none.</xsl:with-param></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">start</xsl:with-param><xsl:with-param name="label">Start date</xsl:with-param><xsl:with-param name="type">date</xsl:with-param></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">end</xsl:with-param><xsl:with-param name="label">End date</xsl:with-param><xsl:with-param name="type">date</xsl:with-param></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">renewal</xsl:with-param><xsl:with-param name="label">Renewal notice date</xsl:with-param><xsl:with-param name="type">date</xsl:with-param></xsl:call-template>
        <p><button type="submit" class="primary">Draft the contract</button></p>
      </form>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
