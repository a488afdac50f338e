<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/contracts/xsl/contracts-common.xsl"/>
  <!-- The client's contracts with their state. -->
  <xsl:template match="content" mode="page">
    <h1>Contracts</h1>
    <xsl:choose>
      <xsl:when test="contracts/contract">
        <xsl:call-template name="ct-rows"><xsl:with-param name="list" select="contracts"/><xsl:with-param name="prefix">/contracts/</xsl:with-param></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">file</xsl:with-param><xsl:with-param name="title">No contract yet.</xsl:with-param><xsl:with-param name="text">Contracts your team sends you appear here.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
