<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/contracts/xsl/contracts-common.xsl"/>
  <!-- One template: its fields or the error in them, a preview with a client's values, the edit form. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="t" select="template"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/staff/contracts/templates">Templates</a></nav>
    <h1><xsl:value-of select="$t/name"/></h1>
    <xsl:choose>
      <xsl:when test="$t/problem"><p class="error" role="alert"><xsl:value-of select="$t/problem"/></p></xsl:when>
      <xsl:when test="$t/custom/field"><p>Asks when a contract is made: <xsl:for-each select="$t/custom/field"><code><xsl:value-of select="."/></code><xsl:if test="position() != last()">, </xsl:if></xsl:for-each></p></xsl:when>
    </xsl:choose>
    <p><a class="button primary" href="{$base}/staff/contracts/new?template={$t/id}">New contract from this template</a></p>
    <h2>Preview with a client's values</h2>
    <form method="get" action="{$base}/staff/contracts/templates/{$t/id}/preview" class="filter">
      <div class="field"><label for="f-pclient">Client</label>
        <select id="f-pclient" name="client">
          <xsl:for-each select="clients/client"><option value="{id}"><xsl:if test="id = /atrium/content/preview/@client"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option></xsl:for-each>
        </select></div>
      <p><button type="submit">Preview</button></p>
    </form>
    <xsl:if test="preview">
      <section class="panel" aria-label="Preview">
        <h3>Preview for <xsl:value-of select="preview/@client_name"/></h3>
        <xsl:choose>
          <xsl:when test="preview/problem"><p class="error" role="alert"><xsl:value-of select="preview/problem"/></p></xsl:when>
          <xsl:otherwise><div class="markdown"><xsl:copy-of select="preview/text/html/node()"/></div></xsl:otherwise>
        </xsl:choose>
      </section>
    </xsl:if>
    <h2>Edit</h2>
    <xsl:call-template name="ct-template-form"><xsl:with-param name="action" select="concat('/staff/contracts/templates/', $t/id)"/><xsl:with-param name="t" select="$t"/></xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
