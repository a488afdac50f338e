<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/contracts/xsl/contracts-common.xsl"/>
  <!-- Every contract, by client and state; links to the templates and a new contract. -->
  <xsl:template match="content" mode="page">
    <h1>Contracts</h1>
    <p><a class="button primary" href="{$base}/staff/contracts/new">New contract</a><xsl:text> </xsl:text><a class="button" href="{$base}/staff/contracts/templates">Templates</a></p>
    <form method="get" action="{$base}/staff/contracts" class="filter">
      <div class="field"><label for="f-client">Client</label>
        <select id="f-client" name="client"><option value="">All clients</option>
          <xsl:for-each select="clients/client"><option value="{id}"><xsl:if test="id = ../../@client"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option></xsl:for-each>
        </select></div>
      <p><button type="submit">Show</button></p>
    </form>
    <xsl:choose>
      <xsl:when test="contracts/contract">
        <xsl:call-template name="ct-rows"><xsl:with-param name="list" select="contracts"/><xsl:with-param name="prefix">/staff/contracts/</xsl:with-param></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">file</xsl:with-param><xsl:with-param name="title">No contract here.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
